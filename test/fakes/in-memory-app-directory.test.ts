import { appDirectoryContract } from '../contracts/app-directory.contract.js';
import { InMemoryAppDirectory, InMemoryUserAppLinkStore } from './in-memory-app-directory.js';

appDirectoryContract('the in-memory fakes', async () => ({ directory: new InMemoryAppDirectory(), userLinks: new InMemoryUserAppLinkStore() }));
