// The observatory page: renders everything from the server's live feed (api/live): a 'hello'
// with the whole picture, then pushes. See src/observatory/api-types.ts for the messages.
import { render } from 'preact';
import { useEffect, useMemo, useReducer } from 'preact/hooks';
import { html } from './html.js';
import { connectLive } from './live.js';
import { initialModel, reduce } from './store.js';
import { Header } from './header.js';
import { Brokers } from './brokers.js';
import { Partitions } from './partitions.js';
import { Timeline } from './timeline.js';
import { Groups } from './groups.js';
import { ZkTree } from './zk-tree.js';
import { Charts } from './charts.js';
import { Labs } from './labs.js';

function App() {
  const [model, dispatch] = useReducer(reduce, initialModel);

  useEffect(
    () =>
      connectLive({
        onMessage: (message) => dispatch({ type: 'message', message }),
        onConnection: (connection) => dispatch({ type: 'connection', connection }),
      }),
    [],
  );

  const lastFinished = useMemo(() => {
    for (let i = model.events.length - 1; i >= 0; i--) if (model.events[i].kind === 'lab-finished') return model.events[i];
    return null;
  }, [model.events]);

  const { state } = model;
  if (state === null) {
    return html`<${Header} state=${null} connection=${model.connection} />
      <main><p class="boot">Waiting for the observatory's first message…</p></main>`;
  }
  // Every view renders from the model alone, so a new hello or a reset (another cluster) rebuilds
  // all of it; only what the user chose (filters, the open tree nodes) stays.
  return html`
    <${Header} state=${state} connection=${model.connection} />
    <main data-generation=${model.generation}>
      <${Brokers} state=${state} />
      <div class="columns">
        <div class="col-main">
          <${Partitions} state=${state} />
          <${Charts} metrics=${model.metrics} />
          <${Groups} groups=${model.groups} />
        </div>
        <div class="col-side">
          <${Timeline} events=${model.events} />
        </div>
      </div>
      <div class="columns">
        <div class="col-main"><${ZkTree} znodes=${model.znodes} /></div>
        <div class="col-side"><${Labs} labs=${model.labs} running=${state.target.lab} lastFinished=${lastFinished} /></div>
      </div>
    </main>
  `;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
