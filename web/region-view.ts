/**
 * The Region × model view: one row per model, one column per Region the service certifies in,
 * each cell the model's status there (from that Region's catalog) with one click to certify
 * that cell. A model a Region does not offer has no action there. Shown when the service lists
 * more than one Region. A batch's items show in their cells with the same markers as the
 * catalog's rows (web/batch-state.ts).
 */
import type {
  CatalogEntry,
  CatalogResponse,
  Certification,
  CertificationSummary,
} from '../client/index.js';
import type { BatchItem, BatchState } from './batch-state.js';
import { certifyTarget, isProfileOnly } from './catalog-model.js';
import { toCertificationSummary } from './catalog-view.js';
import { button, el } from './dom.js';
import { modelFragment } from './fragment.js';
import { t } from './i18n.js';
import { count } from './locale-format.js';
import { batchRowText } from './messages.js';
import { badge, statusLabel } from './result-view.js';

/** The elements the view draws into. */
export interface RegionElements {
  section: HTMLElement;
  summary: HTMLElement;
  table: HTMLTableElement;
}

/** What the view asks the page to do. */
export interface RegionActions {
  /** Certify `modelId` in `region`, for the cell of row `row` (a profile-only model certifies its profile). */
  certify: (item: { modelId: string; region: string; row: string }) => void;
  canCertify: () => boolean;
}

/** A row: the model as the first Region listing it names it. */
interface Row {
  modelId: string;
  modelName: string;
}

/** Draws the Region × model table and keeps per-cell progress in place. */
export class RegionView {
  private regions: string[] = [];
  /** Region → model id → entry. */
  private readonly entries = new Map<string, Map<string, CatalogEntry>>();
  private rows: Row[] = [];
  /** The latest batch (running or ended): each of its cells shows its item's state. */
  private batch: BatchState | undefined;
  /** The item each cell last drew, to redraw only cells whose item changed. */
  private readonly drawn = new Map<string, BatchItem>();
  private readonly cells = new Map<string, HTMLTableCellElement>();

  constructor(
    private readonly elements: RegionElements,
    private readonly actions: RegionActions,
  ) {}

  /** Shows the catalogs of the listed Regions, in the service's order (the default first). */
  show(catalogs: readonly CatalogResponse[]): void {
    this.regions = catalogs.map((catalog) => catalog.region);
    this.entries.clear();
    const rows = new Map<string, Row>();
    for (const catalog of catalogs) {
      const byId = new Map<string, CatalogEntry>();
      for (const entry of catalog.models) {
        byId.set(entry.modelId, entry);
        if (!rows.has(entry.modelId))
          rows.set(entry.modelId, { modelId: entry.modelId, modelName: entry.modelName });
      }
      this.entries.set(catalog.region, byId);
    }
    this.rows = [...rows.values()];
    this.elements.section.hidden = false;
    this.render();
  }

  /** Redraws the view from what it holds, in the page's language now (a language switch). */
  refresh(): void {
    if (!this.elements.section.hidden) this.render();
  }

  /** Hides the view (a service with one Region, or none that says). */
  hide(): void {
    this.elements.section.hidden = true;
  }

  /** Puts a new certification into its cell. */
  applyCertification(certification: Certification): void {
    const entry = this.entries.get(certification.region)?.get(certification.modelId);
    if (entry === undefined) return;
    entry.certification = toCertificationSummary(certification);
    this.render();
  }

  /** Shows a batch's state in its cells (only cells whose item changed are redrawn). */
  showBatch(batch: BatchState): void {
    this.batch = batch;
    // A new batch: cells marked for the previous one that are not in it lose their markers.
    for (const key of [...this.drawn.keys()])
      if (this.itemAt(key) === undefined) this.redrawCell(key);
    for (const item of batch.items) {
      const key = this.cellOf(item);
      if (key !== undefined && this.drawn.get(key) !== item) this.redrawCell(key);
    }
  }

  /** Redraws the cells waiting out a rate limit, whose countdown moves every second. */
  tick(): void {
    for (const [key, item] of this.drawn) if (item.phase === 'waiting') this.redrawCell(key);
  }

  /** The cell an item shows in: its row, in its Region (the default, the first, when unnamed). */
  private cellOf(item: BatchItem): string | undefined {
    const region = item.region ?? this.regions[0];
    return region === undefined ? undefined : cellKey(item.row, region);
  }

  private itemAt(key: string): BatchItem | undefined {
    return this.batch?.items.find((item) => this.cellOf(item) === key);
  }

  private redrawCell(key: string): void {
    const cell = this.cells.get(key);
    const [region, modelId] = key.split('\n') as [string, string];
    if (cell) this.drawCell(cell, modelId, region);
    else this.drawn.delete(key);
  }

  /** Enables the cells' actions when certifying is possible now. */
  refreshActions(): void {
    const enabled = this.actions.canCertify();
    for (const action of this.elements.table.querySelectorAll<HTMLButtonElement>(
      'button[data-region]',
    ))
      action.disabled = !enabled;
  }

  private render(): void {
    const { table, summary } = this.elements;
    const offered = this.regions.map(
      (region) => `${region} ${count(this.entries.get(region)?.size ?? 0)}`,
    );
    summary.textContent = t('web.regions.summary', {
      count: count(this.rows.length),
      regions: count(this.regions.length),
      offered: offered.join(', '),
    });
    const focused =
      document.activeElement instanceof HTMLElement && table.contains(document.activeElement)
        ? document.activeElement.dataset
        : undefined;
    const head = el('tr');
    const corner = el('th', t('web.column.model'));
    corner.scope = 'col';
    head.append(corner);
    for (const region of this.regions) {
      const th = el('th', region);
      th.scope = 'col';
      head.append(th);
    }
    table.createTHead().replaceChildren(head);
    this.cells.clear();
    const body = table.tBodies[0] ?? table.createTBody();
    body.replaceChildren(...this.rows.map((row) => this.row(row)));
    this.refreshActions();
    if (focused?.modelId !== undefined && focused.region !== undefined)
      body
        .querySelector<HTMLElement>(
          `button[data-model-id="${CSS.escape(focused.modelId)}"][data-region="${CSS.escape(focused.region)}"]`,
        )
        ?.focus();
  }

  private row(row: Row): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.modelId = row.modelId;
    const name = el('th');
    name.scope = 'row';
    const link = el('a', row.modelName);
    link.href = modelFragment(row.modelId);
    name.append(link, el('span', row.modelId, 'model-id small'));
    tr.append(name);
    for (const region of this.regions) {
      const cell = el('td');
      cell.dataset.region = region;
      cell.dataset.label = region;
      this.cells.set(cellKey(row.modelId, region), cell);
      this.drawCell(cell, row.modelId, region);
      tr.append(cell);
    }
    return tr;
  }

  private drawCell(cell: HTMLTableCellElement, modelId: string, region: string): void {
    const entry = this.entries.get(region)?.get(modelId);
    if (entry === undefined) {
      const notOffered = t('web.regions.notOffered', { region });
      const none = el('span', '—', 'muted');
      none.title = notOffered;
      none.setAttribute('aria-hidden', 'true');
      cell.replaceChildren(none, el('span', notOffered, 'visually-hidden'));
      cell.dataset.status = 'not-offered';
      delete cell.dataset.batch;
      this.drawn.delete(cellKey(modelId, region));
      return;
    }
    const certification = this.effective(entry, region);
    const status = certification?.status ?? 'uncertified';
    const target = certifyTarget(entry, region);
    const action = button('', 'cell-action');
    action.dataset.modelId = modelId;
    action.dataset.region = region;
    action.setAttribute(
      'aria-label',
      t('web.regions.cellLabel', { status: statusLabel(status), region, target }),
    );
    action.title = t('web.regions.cellTitle', { target, region });
    action.append(badge(status));
    const key = cellKey(modelId, region);
    const item = this.itemAt(key);
    const marker = item ? batchRowText(item, Date.now()) : '';
    if (marker !== '') action.append(el('span', marker, 'row-progress'));
    action.disabled = !this.actions.canCertify();
    action.addEventListener('click', () =>
      this.actions.certify({ modelId: target, region, row: modelId }),
    );
    cell.replaceChildren(action);
    cell.dataset.status = status;
    // The item's outcome once finished, else its phase: what the batch's counts count.
    if (item) {
      cell.dataset.batch = item.outcome ?? item.phase;
      this.drawn.set(key, item);
    } else {
      delete cell.dataset.batch;
      this.drawn.delete(key);
    }
  }

  /** A profile-only model's cell shows its profile's certification there when it has none. */
  private effective(entry: CatalogEntry, region: string): CertificationSummary | null {
    if (entry.certification !== null || !isProfileOnly(entry)) return entry.certification;
    const profile = this.entries.get(region)?.get(certifyTarget(entry, region));
    return profile?.certification ?? null;
  }
}

function cellKey(modelId: string, region: string): string {
  return `${region}\n${modelId}`;
}
