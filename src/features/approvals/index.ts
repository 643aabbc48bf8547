/** Approvals feature: permission + question inbox, replies, decision log. */
export { ApprovalList, DecisionLog, usePending } from './inbox-view';
export { applyApprovalEvent, approvalKeys } from './api';
