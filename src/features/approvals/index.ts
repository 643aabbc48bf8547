/** Approvals feature: permission + question inbox, replies, decision log. */
export { ApprovalList, DecisionLog } from './inbox-view';
export { usePending } from './pending';
export { applyApprovalEvent, approvalKeys } from './api';
export { watchDroppedRequests } from './dropped';
