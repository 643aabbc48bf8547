import { recordAnswersFromNotifications, useDecisionLog } from './decision-log';

beforeEach(() => useDecisionLog.setState({ decisions: [] }));

describe('answers from notifications in the decision log', () => {
  it('records each answer the service worker sent, marked as answered from a notification', () => {
    recordAnswersFromNotifications([
      {
        at: 5,
        hostId: 'host_1',
        hostName: 'Laptop',
        sessionID: 'ses_1',
        requestID: 'per_1',
        type: 'answered',
        kind: 'permission',
        title: 'Run needs you: bash',
        body: 'npm test',
        answer: 'once',
        outcome: 'sent',
      },
      {
        at: 6,
        hostId: 'host_1',
        hostName: 'Laptop',
        sessionID: 'ses_1',
        type: 'received',
        kind: 'done',
        title: '',
        body: '',
      },
    ]);
    expect(useDecisionLog.getState().decisions).toEqual([
      {
        time: 5,
        hostId: 'host_1',
        hostName: 'Laptop',
        sessionId: 'ses_1',
        requestId: 'per_1',
        request: 'Run needs you: bash: npm test',
        answer: 'Allow once',
        outcome: 'sent',
        via: 'notification',
      },
    ]);
  });
});
