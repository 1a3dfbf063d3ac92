import { jobStoreContract } from '../contracts/job-store.contract.js';
import { InMemoryJobStore } from './in-memory-jobs.js';

jobStoreContract('the in-memory fake', async () => new InMemoryJobStore());
