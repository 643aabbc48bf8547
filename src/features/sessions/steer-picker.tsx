/**
 * The composer's agent and model picker: a compact button naming the current choice, opening a
 * panel of the host's primary agents (with their descriptions) and its models grouped by
 * provider (the default marked). Loaded when the composer first shows it.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { describeError, type PairedHost } from '@/host';
import { agentsQuery, modelsQuery } from './steer-api';
import type { SteerChoice } from './steer-drafts';

/** Props of {@link SteerPicker}. */
export interface SteerPickerProps {
  host: PairedHost;
  choice: SteerChoice;
  onChange: (choice: SteerChoice) => void;
}

/** The agent and model picker for the next prompt of a session. */
export default function SteerPicker({ host, choice, onChange }: SteerPickerProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Asked for when the panel opens, not on every session screen: most prompts keep the defaults.
  const agents = useQuery({ ...agentsQuery(host), enabled: open });
  const models = useQuery({ ...modelsQuery(host), enabled: open });
  const defaultProvider = models.data?.find((provider) => provider.defaultModel);
  const current =
    choice.model ??
    (defaultProvider?.defaultModel
      ? { providerID: defaultProvider.id, modelID: defaultProvider.defaultModel }
      : undefined);
  const agentName = choice.agent ?? agents.data?.[0]?.name;

  return (
    <div className="steer-picker">
      <button
        type="button"
        className="secondary steer-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="visually-hidden">Agent and model: </span>
        {choice.agent ?? 'default agent'} · {choice.model?.modelID ?? 'default model'}
      </button>
      {open ? (
        <div id={panelId} className="steer-panel" role="group" aria-label="Agent and model">
          <fieldset>
            <legend>Agent</legend>
            {agents.isPending ? <p role="status">Loading agents…</p> : null}
            {agents.error ? <p role="alert">Agents could not be listed: {describeError(agents.error)}</p> : null}
            {agents.data?.map((agent) => (
              <label key={agent.name} className="steer-option">
                <input
                  type="radio"
                  name={`${panelId}-agent`}
                  value={agent.name}
                  checked={agent.name === agentName}
                  onChange={() => onChange({ ...choice, agent: agent.name })}
                />
                <span>
                  {agent.name}
                  {agent.description ? <small>{agent.description}</small> : null}
                </span>
              </label>
            ))}
          </fieldset>
          {models.isPending ? <p role="status">Loading models…</p> : null}
          {models.error ? <p role="alert">Models could not be listed: {describeError(models.error)}</p> : null}
          {models.data?.map((provider) => (
            <fieldset key={provider.id}>
              <legend>{provider.name}</legend>
              {provider.models.map((model) => (
                <label key={model.id} className="steer-option">
                  <input
                    type="radio"
                    name={`${panelId}-model`}
                    value={`${provider.id}/${model.id}`}
                    checked={current?.providerID === provider.id && current.modelID === model.id}
                    onChange={() => onChange({ ...choice, model: { providerID: provider.id, modelID: model.id } })}
                  />
                  <span>
                    {model.name}
                    {provider.defaultModel === model.id ? <small> (default)</small> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Done
          </button>
        </div>
      ) : null}
    </div>
  );
}
