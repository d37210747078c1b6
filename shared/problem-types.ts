// Every problem type the API answers with (RFC 9457 `type`), named once for server and client.
export const problemTypes = {
  /** RFC 9457's type for a problem with no type of its own (the client's, for a network failure). */
  untyped: 'about:blank',
  badRequest: '/problems/bad-request',
  conflict: '/problems/conflict',
  crossSite: '/problems/cross-site',
  fileBeyondLimits: '/problems/file-beyond-limits',
  forbidden: '/problems/forbidden',
  importRejected: '/problems/import-rejected',
  internal: '/problems/internal',
  invalidCredentials: '/problems/invalid-credentials',
  invalidJson: '/problems/invalid-json',
  invalidRequest: '/problems/invalid-request',
  invalidUpload: '/problems/invalid-upload',
  invalidValue: '/problems/invalid-value',
  lineNotAssignable: '/problems/line-not-assignable',
  notFound: '/problems/not-found',
  processNotEditable: '/problems/process-not-editable',
  processTransition: '/problems/process-transition',
  programmeNotEditable: '/problems/programme-not-editable',
  signedOff: '/problems/signed-off',
  signInLocked: '/problems/sign-in-locked',
  staleVersion: '/problems/stale-version',
  tooLarge: '/problems/too-large',
  tryAgain: '/problems/try-again',
  unauthenticated: '/problems/unauthenticated',
  unreadableFile: '/problems/unreadable-file',
} as const;

export type ProblemType = (typeof problemTypes)[keyof typeof problemTypes];
