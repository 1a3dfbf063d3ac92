/**
 * Which Xero scope an XPM call needs: practicemanager.client for clients and client groups,
 * practicemanager.job for jobs and (the reference's best guess) job templates, practicemanager.staff
 * for staff. A read is also allowed by the `.read` scope; the old broad `practicemanager` scope
 * still covers everything. A call without its scope answers 403, as Xero's gateway does.
 */
const areaOf: [RegExp, string][] = [
  [/^\/(client|clientgroup)\.api\//, 'practicemanager.client'],
  [/^\/(job|template)\.api\//, 'practicemanager.job'],
  [/^\/staff\.api\//, 'practicemanager.staff'],
];

/** Whether a grant's scopes allow this call (`path` below /practicemanager/3.1). Areas the sandbox does not know need nothing. */
export function scopeAllows(grantScope: string, method: string, path: string): boolean {
  const area = areaOf.find(([pattern]) => pattern.test(path))?.[1];
  if (!area) return true;
  const granted = new Set(grantScope.split(/\s+/));
  return granted.has('practicemanager') || granted.has(area) || (method === 'GET' && granted.has(`${area}.read`));
}
