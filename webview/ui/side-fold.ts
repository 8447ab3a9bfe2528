// Whether the side panel shows: as the user last chose (kept in the webview state), else folded
// by default when the editor is narrow, so the diagram keeps the width; the help unfolds it for
// as long as it is open.

/** Below this width (CSS pixels) the side panel starts folded. */
const NARROW = 760;

export class SideFold {
  /** The user's choice; undefined: by the width. */
  chosen: boolean | undefined;
  /** Whether the panel was unfolded only to show the help, and the choice before. */
  private forHelp = false;
  private chosenBeforeHelp: boolean | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly side: HTMLElement,
    private readonly changed: (open: boolean) => void,
  ) {
    new ResizeObserver(() => this.apply()).observe(app);
  }

  get folded(): boolean {
    return this.side.hidden;
  }

  /** Folds or unfolds the panel as chosen, or by the width. */
  apply(): void {
    const folded = this.chosen ?? this.app.clientWidth < NARROW;
    if (folded === this.side.hidden) return;
    this.side.hidden = folded;
    this.app.classList.toggle('side-folded', folded);
    this.changed(!folded);
  }

  toggle(): void {
    this.chosen = !this.side.hidden;
    this.forHelp = false;
    this.apply();
  }

  /** The help opens (true) or closes: unfolds the panel for it, and folds it again after. */
  help(open: boolean): void {
    if (open && this.side.hidden) {
      this.chosenBeforeHelp = this.chosen;
      this.chosen = false;
      this.forHelp = true;
    } else if (!open && this.forHelp) {
      this.chosen = this.chosenBeforeHelp;
      this.forHelp = false;
    }
    this.apply();
  }
}
