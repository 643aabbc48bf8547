/** Approvals feature: permission + question inbox across hosts, replies, decision log. */
export { ApprovalList, DecisionLog, Inbox } from './inbox-view';
export { usePending, usePendingOnHosts } from './pending';
export { applyApprovalEvent, approvalKeys } from './api';
export { watchRequestLists } from './dropped';
export { recordAnswersFromNotifications } from './decision-log';
