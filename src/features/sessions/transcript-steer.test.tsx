import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Part } from '@/domain';
import { renderWithProviders } from '@/testing/render';
import { buildAssistantMessage, buildTextPart, buildUserMessage } from '@/testing/transcript-builders';
import { Transcript } from './transcript';

const PHOTO = 'data:image/webp;base64,UklGRg==';

describe('the transcript and steering', () => {
  it('names the agent and model that wrote each answer, and shows attached photos as images', () => {
    const photo = {
      id: 'prt_2',
      sessionID: 'ses_1',
      messageID: 'msg_1',
      type: 'file',
      mime: 'image/webp',
      url: PHOTO,
      filename: 'whiteboard.webp',
    } as Part;
    const notes = {
      ...photo,
      id: 'prt_3',
      mime: 'text/plain',
      url: 'file:///w/notes.md',
      filename: 'notes.md',
    } as Part;
    renderWithProviders(
      <Transcript
        messages={[
          { info: buildUserMessage(), parts: [buildTextPart({ text: 'What is this?' }), photo, notes] },
          {
            info: buildAssistantMessage({ agent: 'plan', mode: 'plan', providerID: 'mock', modelID: 'mock-model' }),
            parts: [buildTextPart({ id: 'prt_4', messageID: 'msg_2', text: 'A whiteboard.' })],
          },
        ]}
      />,
    );
    const answer = screen.getByRole('article', { name: 'Assistant message' });
    expect(within(answer).getByText('plan · mock/mock-model')).toBeInTheDocument();
    const mine = screen.getByRole('article', { name: 'Your message' });
    expect(within(mine).getByRole('img', { name: 'whiteboard.webp' })).toHaveAttribute('src', PHOTO);
    // A workspace file is named, not loaded.
    expect(within(mine).getByText('Attached: notes.md')).toBeInTheDocument();
    expect(within(mine).queryByText('plan · mock/mock-model')).not.toBeInTheDocument();
  });
});
