// Labs: replayable scenarios. Run starts one (POST api/labs); its steps, checks and result then
// arrive in the timeline like any other event, and a 'reset' when it switches to its own cluster.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { fetchLabs, startLab } from './api.js';

export function Labs({ labs, running, lastFinished }) {
  const [list, setList] = useState(labs);
  const [status, setStatus] = useState(null);

  const asked = useRef(false);

  useEffect(() => {
    if (labs.length > 0) {
      setList(labs);
      return;
    }
    // A hello without labs: ask api/labs once per page (not a polling loop).
    if (asked.current) return;
    asked.current = true;
    fetchLabs().then(
      (answer) => setList(Array.isArray(answer) ? answer : []),
      () => setList([]),
    );
  }, [labs]);

  const run = (name) => {
    setStatus({ name, text: 'starting…' });
    startLab(name).then(
      (answer) => setStatus({ name, text: `started ${answer?.started ?? name}; follow it in the timeline` }),
      (error) => setStatus({ name, text: `not started: ${error.message}`, failed: true }),
    );
  };

  return html`
    <section class="panel" id="labs">
      <h2>Labs ${running && html`<span class="pill warn" id="lab-running">running: ${running}</span>`}</h2>
      ${list.length === 0
        ? html`<p class="empty">No labs offered by this observatory.</p>`
        : html`<ul class="labs">
            ${list.map(
              (lab) => html`<li key=${lab.name} data-lab=${lab.name} class=${running === lab.name ? 'running' : ''}>
                <div class="lab-text">
                  <span class="lab-title">${lab.title || lab.name}</span> <span class="mono muted">${lab.name}</span>
                  <p>${lab.summary}</p>
                  ${status && status.name === lab.name && html`<p class=${`lab-status${status.failed ? ' failed' : ''}`} role="status">${status.text}</p>`}
                  ${lastFinished && lastFinished.lab === lab.name && html`<p class="lab-status">last run: ${lastFinished.message}</p>`}
                </div>
                <button type="button" class="run" data-lab=${lab.name} disabled=${running !== null && running !== undefined} onClick=${() => run(lab.name)}>Run</button>
              </li>`,
            )}
          </ul>`}
    </section>
  `;
}
