// What the editor shows before its trace is drawn: the progress of opening it with Cancel, a range
// of its first events offered when it is too large to open whole, or (if it did not open) a calm
// "cancelled" or "could not be opened" view offering Reopen.

import type { NotOpenedMessage, OpeningMessage, TooLargeMessage, WebviewToHost } from '../protocol';
import { el, setChildren } from './dom';

const counted = (count: number) => count.toLocaleString('en');
/** An estimated count to two significant digits: "about 10,000,000", not a precision it does not have. */
const estimated = (count: number) => {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, count))) - 1);
  return counted(Math.round(count / unit) * unit);
};
/** Bytes in MB or GB, as the file's size and the memory limit read. */
const sized = (bytes: number) => (bytes >= 10 * 2 ** 30 ? `${Math.round(bytes / 2 ** 30)} GB` : bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 2 ** 20))} MB`);

const STAGE_TEXT: Record<OpeningMessage['stage'], string> = {
  starting: 'Starting…',
  reading: 'Reading…',
  analysing: 'Analysing causality…',
  checking: 'Checking the replayed states…',
  drawing: 'Drawing…',
};

export class OpeningView {
  readonly element = el('section', { class: 'opening' });
  private readonly bar = el('div', { class: 'opening-bar' });
  private readonly meter = el('div', { class: 'opening-meter', attrs: { role: 'progressbar', 'aria-label': 'Opening the trace', 'aria-valuemin': 0, 'aria-valuemax': 100 } }, [this.bar]);
  private readonly stage = el('span', { class: 'opening-stage' });
  private readonly title = el('h1');
  /** The last progress shown (a first view keeps showing it). */
  private last: OpeningMessage = { type: 'opening', name: document.title, stage: 'starting' };
  /** The ranges last offered for a file too large to open whole (a first view arriving after them keeps them shown). */
  private offered: TooLargeMessage | undefined;

  constructor(private readonly post: (message: WebviewToHost) => void) {
    this.showProgress({ type: 'opening', name: document.title, stage: 'starting' });
  }

  get shown(): boolean {
    return !this.element.hidden;
  }

  /** Progress with Cancel (before anything else arrives too: a tab never opens blank); it replaces a range offered (one was chosen). */
  showProgress(message: OpeningMessage): void {
    this.offered = undefined;
    this.renderProgress(message);
  }

  private renderProgress(message: OpeningMessage): void {
    this.last = message;
    const percent = message.stage === 'reading' || message.stage === 'drawing' ? Math.floor(message.percent ?? 0) : undefined;
    this.stage.textContent = percent === undefined ? STAGE_TEXT[message.stage] : `${STAGE_TEXT[message.stage]} ${percent}%`;
    this.meter.classList.toggle('indeterminate', percent === undefined);
    this.bar.style.width = percent === undefined ? '' : `${percent}%`;
    if (percent === undefined) this.meter.removeAttribute('aria-valuenow');
    else this.meter.setAttribute('aria-valuenow', String(percent));
    const over = this.element.dataset.over;
    setChildren(this.title, [over ? `Opening ${message.name}: its first ${Number(over).toLocaleString('en')} events are shown` : `Opening ${message.name}`]);
    if (this.element.dataset.state === 'opening') return this.reveal();
    this.element.dataset.state = 'opening';
    setChildren(this.element, [
      this.title,
      this.meter,
      el('p', { class: 'opening-line' }, [this.stage, ' · ', this.button('Cancel', 'Stop opening this trace', { type: 'cancelOpening' })]),
    ]);
    this.reveal();
  }

  /** A first view of the file's first `events` is drawn: the progress (or the range offered) becomes a bar over the diagram, which stays usable. */
  showOverDiagram(events: number): void {
    this.element.dataset.over = String(events);
    if (this.offered) this.showTooLarge(this.offered);
    else this.renderProgress(this.last);
  }

  /** The file is too large to open whole: why, in numbers, and the ranges of its first events that fit, each a button. */
  showTooLarge(message: TooLargeMessage): void {
    this.offered = message;
    const { estimate } = message;
    this.element.dataset.state = 'tooLarge';
    const over = this.element.dataset.over;
    const ranges = [estimate.rangeEvents, estimate.sampleEvents].filter((events, i) => i === 0 || events < estimate.rangeEvents);
    const offers = ranges.map((events, i) =>
      this.button(
        `Open the first ${counted(events)} events`,
        i === 0 ? `The most that fits within ${sized(estimate.limitBytes)}: the whole lines of the first ${sized(estimate.rangeBytes)}` : 'The first lines, opened at once',
        { type: 'openRange', bytes: i === 0 ? estimate.rangeBytes : estimate.sampleBytes },
      ),
    );
    setChildren(this.element, [
      el('h1', { text: `${message.name} is too large to open whole${over ? `: its first ${counted(Number(over))} events are shown` : ''}` }),
      el('p', {
        class: 'opening-why',
        text:
          `It holds about ${estimated(estimate.events)} events (${sized(estimate.fileBytes)}): opened whole, they would take about ${sized(estimate.neededBytes)} of memory, ` +
          `more than the editor's limit of ${sized(estimate.limitBytes)} (setting causeway.maxEditorMemoryMB). A range of its first events is checked on its own: ` +
          'its findings cover only that range.',
      }),
      el('p', { class: 'opening-line' }, [...offers.flatMap((button) => [button, ' · ']), this.button('Cancel', 'Do not open this trace', { type: 'cancelOpening' })]),
    ]);
    this.reveal();
    offers[0].focus();
  }

  /** The parts of the trace are arriving: the last stage before the diagram (a first view arriving under a range offered leaves the offer). */
  showDrawing(received: number, count: number): void {
    if (this.offered) return;
    this.renderProgress({ type: 'opening', name: this.last.name, stage: 'drawing', percent: (100 * received) / count });
  }

  /** The trace did not open: cancelled (calm, Reopen) or failed (why, Reopen, Open as Text). */
  showNotOpened(message: NotOpenedMessage): void {
    this.offered = undefined;
    delete this.element.dataset.over;
    this.element.dataset.state = message.reason;
    const reopen = this.button('Reopen', 'Open this trace again', { type: 'reopen' });
    setChildren(
      this.element,
      message.reason === 'cancelled'
        ? [el('h1', { text: message.name }), el('p', { class: 'opening-line' }, ['Opening was cancelled · ', reopen])]
        : [
            el('h1', { text: `${message.name} could not be opened` }),
            el('p', { class: 'opening-why', text: message.message ?? '' }),
            el('p', { class: 'opening-line' }, [reopen, ' · ', this.button('Open as Text', 'Open the file in the text editor', { type: 'reopen', asText: true })]),
          ],
    );
    this.reveal();
    reopen.focus();
  }

  /** Hidden once the trace is drawn; no longer a live region then (the status line speaks for the diagram). */
  hide(): void {
    this.element.hidden = true;
    this.element.removeAttribute('aria-live');
    delete this.element.dataset.state;
    delete this.element.dataset.over;
  }

  private reveal(): void {
    this.element.hidden = false;
    this.element.setAttribute('aria-live', 'polite');
  }

  private button(text: string, title: string, message: WebviewToHost): HTMLButtonElement {
    return el('button', { class: 'tb-button', text, attrs: { type: 'button', title }, on: { click: () => this.post(message) } });
  }
}
