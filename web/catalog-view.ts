/**
 * The catalog view, the page's landing view: every model and inference profile the account sees
 * in the region, with its certification. Filter by status and provider, sort by any column,
 * certify one row or every uncertified one (through the service's batch route), and open a
 * row's detail view through its `#model=` link.
 */
import type { Certification } from '../client/index.js';
import type { CatalogEntry, CatalogResponse, CertificationSummary } from '../client/index.js';
import { capabilityList, compactCapabilities } from './capabilities.js';
import { capabilityLegend } from './capability-legend.js';
import {
  accessLabel,
  CATALOG_STATUSES,
  catalogStatus,
  certifyTarget,
  filterCatalog,
  isProfileOnly,
  providers,
  sortCatalog,
  uncertifiedTargets,
  type CatalogSort,
  type CatalogSortKey,
  type CatalogStatus,
} from './catalog-model.js';
import type { BatchItem, BatchState } from './batch-state.js';
import { button, el, hiddenText, modelIdSpan } from './dom.js';
import { modelFragment } from './fragment.js';
import { t } from './i18n.js';
import { cost, count, date, dateTime, duration, plural, type PluralKeys } from './locale-format.js';
import { batchRowText, sortStateText } from './messages.js';
import { badge } from './result-view.js';

/** The elements the view draws into. */
export interface CatalogElements {
  section: HTMLElement;
  summary: HTMLElement;
  statusFilter: HTMLSelectElement;
  providerFilter: HTMLSelectElement;
  certifyAll: HTMLButtonElement;
  batchStatus: HTMLElement;
  table: HTMLTableElement;
  empty: HTMLElement;
}

/** What the view asks the page to do. */
export interface CatalogActions {
  /** Certify these ids from the catalog (one row's or every uncertified one). */
  certify: (targets: readonly { modelId: string; target: string }[]) => void;
  canCertify: () => boolean;
}

/**
 * A column's stable key: the CSS that hides or folds columns at narrower widths selects on it
 * (`data-col`), since the visible label may be translated.
 */
type ColumnKey =
  | 'model'
  | 'provider'
  | 'lifecycle'
  | 'access'
  | 'status'
  | 'caps'
  | 'ttft'
  | 'cost'
  | 'changed'
  | 'action';

/** The columns that fold into a line under the model's id when the card is narrow. */
const FOLDED_COLUMNS: readonly ColumnKey[] = ['provider', 'lifecycle', 'access'];

const COLUMNS: readonly (readonly [ColumnKey, CatalogSortKey | undefined])[] = [
  ['model', 'model'],
  ['provider', 'provider'],
  ['lifecycle', 'lifecycle'],
  ['access', 'access'],
  ['status', 'status'],
  ['caps', undefined],
  ['ttft', 'ttft'],
  ['cost', 'cost'],
  ['changed', 'changed'],
  ['action', undefined],
];

/** A column's header, in the page's language. */
function columnLabel(col: ColumnKey): string {
  switch (col) {
    case 'model':
      return t('web.column.model');
    case 'provider':
      return t('web.column.provider');
    case 'lifecycle':
      return t('web.column.lifecycle');
    case 'access':
      return t('web.column.access');
    case 'status':
      return t('web.column.status');
    case 'caps':
      return t('web.column.capabilities');
    case 'ttft':
      return t('web.column.ttft');
    case 'cost':
      return t('web.column.cost');
    case 'changed':
      return t('web.column.changed');
    case 'action':
      return t('web.column.action');
  }
}

/** How the summary counts each status. */
const STATUS_COUNTS: Readonly<Record<CatalogStatus, PluralKeys>> = {
  certified: { one: 'web.count.certified.one', other: 'web.count.certified.other' },
  failed: { one: 'web.count.failed.one', other: 'web.count.failed.other' },
  unavailable: { one: 'web.count.unavailable.one', other: 'web.count.unavailable.other' },
  uncertified: { one: 'web.count.uncertified.one', other: 'web.count.uncertified.other' },
};

/** How a row is invoked, in the page's language (sorting uses the codes, see catalog-model.ts). */
function accessText(entry: CatalogEntry): string {
  const access = accessLabel(entry);
  return t(
    access === 'profile'
      ? 'web.access.profile'
      : access === 'on demand'
        ? 'web.access.onDemand'
        : 'web.access.profileOnly',
  );
}

/** The summary a catalog row shows, from a full certification the page just received. */
export function toCertificationSummary(certification: Certification): CertificationSummary {
  const { status, certifiedAt, expiresAt, capabilities, ttftMs, estimatedCostUsd, successRate } =
    certification;
  return { status, certifiedAt, expiresAt, capabilities, ttftMs, estimatedCostUsd, successRate };
}

/** Draws the catalog and keeps per-row progress in place (no redraw steals focus). */
export class CatalogView {
  private catalog: CatalogResponse | undefined;
  private sort: CatalogSort = { key: 'status', direction: 'ascending' };
  /** The latest batch (running or ended): each of its rows shows its item's state. */
  private batch: BatchState | undefined;
  /** The item each row last drew, to redraw only rows whose item changed. */
  private readonly drawn = new Map<string, BatchItem>();
  /** The rows shown, after filters. */
  private visible: CatalogEntry[] = [];
  private readonly rows = new Map<string, { status: HTMLElement; action: HTMLButtonElement }>();

  constructor(
    private readonly elements: CatalogElements,
    private readonly actions: CatalogActions,
  ) {
    elements.statusFilter.addEventListener('change', () => this.render());
    elements.providerFilter.addEventListener('change', () => this.render());
    elements.certifyAll.addEventListener('click', () => {
      const targets = this.uncertified();
      if (targets.length > 0) actions.certify(targets);
    });
  }

  /** The catalog's region, once loaded. */
  get region(): string | undefined {
    return this.catalog?.region;
  }

  /** All entries, once loaded. */
  get entries(): readonly CatalogEntry[] {
    return this.catalog?.models ?? [];
  }

  /** Shows a freshly loaded catalog. */
  show(catalog: CatalogResponse): void {
    this.catalog = catalog;
    const chosen = this.elements.providerFilter.value;
    const options = [
      el('option', t('web.filter.allProviders')),
      ...providers(catalog.models).map((provider) => el('option', provider)),
    ];
    options[0]?.setAttribute('value', '');
    for (const option of options.slice(1)) option.value = option.textContent;
    this.elements.providerFilter.replaceChildren(...options);
    this.elements.providerFilter.value = providers(catalog.models).includes(chosen) ? chosen : '';
    this.render();
  }

  /** Puts a new certification of the catalog's Region into its row (and the row of the bare model it was certified for). */
  applyCertification(certification: Certification): void {
    if (this.catalog?.region !== certification.region) return;
    const summary = toCertificationSummary(certification);
    for (const entry of this.catalog.models) {
      if (entry.modelId === certification.modelId) {
        // As the history judges it: a first run, or a status or capabilities unlike the last one.
        // The catalog is reloaded after the run for the service's own answer.
        const before = entry.certification;
        const changed =
          before === null
            ? entry.lastChangedAt === null
            : before.status !== summary.status ||
              !sameCapabilities(before.capabilities, summary.capabilities);
        if (changed) entry.lastChangedAt = summary.certifiedAt;
        entry.certification = summary;
      }
    }
    this.render();
  }

  /**
   * Shows a batch's state in its rows: the items in the catalog's Region (only rows whose item
   * changed are redrawn).
   */
  showBatch(batch: BatchState): void {
    this.batch = batch;
    // A new batch: rows marked for the previous one that are not in it lose their markers.
    for (const row of [...this.drawn.keys()])
      if (this.itemOf(row) === undefined) this.redrawStatus(row);
    for (const item of batch.items)
      if (this.itemOf(item.row) === item && this.drawn.get(item.row) !== item)
        this.redrawStatus(item.row);
  }

  /** The batch item row `modelId` shows: one certified in the catalog's Region. */
  private itemOf(modelId: string): BatchItem | undefined {
    return this.batch?.items.find(
      (item) =>
        item.row === modelId && (item.region === undefined || item.region === this.catalog?.region),
    );
  }

  private redrawStatus(modelId: string): void {
    const row = this.rows.get(modelId);
    if (row) this.drawStatus(modelId, row.status);
    else this.drawn.delete(modelId);
  }

  /** Redraws the catalog from what it holds, in the page's language now (a language switch). */
  refresh(): void {
    const all = this.elements.providerFilter.options[0];
    if (all?.value === '') all.textContent = t('web.filter.allProviders');
    this.render();
  }

  /** Re-evaluates whether Certify actions are enabled (during a run or a rate-limit wait they are not). */
  refreshActions(): void {
    const enabled = this.actions.canCertify();
    for (const row of this.rows.values()) row.action.disabled = !enabled;
    const uncertified = this.uncertified().length;
    this.elements.certifyAll.disabled = !enabled || uncertified === 0;
    this.elements.certifyAll.textContent =
      uncertified > 0
        ? t('web.certifyAllCount', { count: count(uncertified) })
        : t('web.certifyAll');
  }

  /**
   * What "Certify all uncertified" runs: the uncertified rows the filters show (so a provider's
   * models can be certified alone), each id once.
   */
  private uncertified(): { modelId: string; target: string }[] {
    if (!this.catalog) return [];
    const shown = new Set(this.visible.map((entry) => entry.modelId));
    // Judged on the whole catalog: a bare model is covered by its profile's certification even when the profile is filtered out.
    return uncertifiedTargets(this.catalog.models, this.catalog.region).filter((target) =>
      shown.has(target.modelId),
    );
  }

  /** Redraws the rows waiting out a rate limit, whose countdown moves every second. */
  tick(): void {
    for (const [row, item] of this.drawn) if (item.phase === 'waiting') this.redrawStatus(row);
  }

  /** A bare profile-only model has no certification of its own: show its profile's. */
  private effectiveCertification(entry: CatalogEntry): CertificationSummary | null {
    return this.effective(entry).certification;
  }

  /** The certification and change date a row shows: its own, or for an uncertified profile-only model its profile's. */
  private effective(entry: CatalogEntry): Pick<CatalogEntry, 'certification' | 'lastChangedAt'> {
    const own = { certification: entry.certification, lastChangedAt: entry.lastChangedAt };
    if (entry.certification !== null || !this.catalog || !isProfileOnly(entry)) return own;
    const target = certifyTarget(entry, this.catalog.region);
    const profile = this.catalog.models.find((candidate) => candidate.modelId === target);
    return profile?.certification
      ? { certification: profile.certification, lastChangedAt: profile.lastChangedAt }
      : own;
  }

  private statusOf(entry: CatalogEntry): CatalogStatus {
    return this.effectiveCertification(entry)?.status ?? catalogStatus(entry);
  }

  private render(): void {
    const { table, empty, summary, statusFilter, providerFilter } = this.elements;
    if (!this.catalog) return;
    const { models, region } = this.catalog;
    const status = CATALOG_STATUSES.find((candidate) => candidate === statusFilter.value);
    const provider = providerFilter.value === '' ? undefined : providerFilter.value;
    const visible = (this.visible = sortCatalog(
      filterCatalog(
        models.map((entry) => ({ ...entry, ...this.effective(entry) })),
        { status, provider },
      ),
      this.sort,
    ));
    const counts = CATALOG_STATUSES.map(
      (candidate) =>
        [candidate, models.filter((entry) => this.statusOf(entry) === candidate).length] as const,
    );
    // The summary is the view's now, not the markup's placeholder (which a language switch redraws).
    delete summary.dataset.i18n;
    summary.textContent = t('web.catalog.summary', {
      count: count(models.length),
      region,
      counts: counts.map(([name, value]) => plural(value, STATUS_COUNTS[name])).join(', '),
    });

    const focusedModel =
      document.activeElement instanceof HTMLElement && table.contains(document.activeElement)
        ? document.activeElement.dataset.modelId
        : undefined;
    table.createTHead().replaceChildren(this.header());
    const body = table.tBodies[0] ?? table.createTBody();
    this.rows.clear();
    body.replaceChildren(...visible.map((entry) => this.row(entry, region)));
    empty.hidden = visible.length > 0;
    table.hidden = visible.length === 0;
    this.refreshActions();
    if (focusedModel !== undefined)
      body
        .querySelector<HTMLElement>(`button[data-model-id="${CSS.escape(focusedModel)}"]`)
        ?.focus();
  }

  private header(): HTMLTableRowElement {
    const row = el('tr');
    for (const [col, key] of COLUMNS) {
      const label = columnLabel(col);
      const th = el('th');
      th.scope = 'col';
      th.dataset.col = col;
      if (key === undefined) {
        th.textContent = label;
        // The capability legend sits above the ticks it explains, one label per tick column.
        if (col === 'caps') th.append(capabilityLegend());
      } else {
        th.setAttribute('aria-sort', this.sort.key === key ? this.sort.direction : 'none');
        th.append(this.sortButton(key, label));
      }
      if (col === 'model') {
        // Where provider, lifecycle and access fold under each id, their sort buttons fold
        // under this header the same way (the columns' own headers are hidden then).
        const folded = el('span', undefined, 'folded-sorts small');
        for (const [foldedCol, foldedKey] of COLUMNS) {
          if (foldedKey === undefined || !FOLDED_COLUMNS.includes(foldedCol)) continue;
          if (folded.childElementCount > 0) folded.append(' · ');
          folded.append(this.sortButton(foldedKey, columnLabel(foldedCol), true));
        }
        th.append(folded);
      }
      row.append(th);
    }
    return row;
  }

  /**
   * A header's sort button. `folded`: one in the model column's header for a column folded into
   * it, which says its sort state itself (its column's `aria-sort` is hidden with the column).
   */
  private sortButton(key: CatalogSortKey, label: string, folded = false): HTMLButtonElement {
    const active = this.sort.key === key;
    const sortButton = button(label, 'sort');
    sortButton.dataset.sort = key;
    sortButton.append(
      el('span', active ? (this.sort.direction === 'ascending' ? ' ▲' : ' ▼') : '', 'sort-mark'),
    );
    if (folded && active) sortButton.append(hiddenText(sortStateText(this.sort.direction)));
    sortButton.addEventListener('click', () => {
      this.sort = {
        key,
        direction: active && this.sort.direction === 'ascending' ? 'descending' : 'ascending',
      };
      this.render();
      // The same key's button that is shown at this width (folded or in its own column).
      [...this.elements.table.querySelectorAll<HTMLButtonElement>(`button[data-sort="${key}"]`)]
        .find((candidate) => candidate.getClientRects().length > 0)
        ?.focus();
    });
    return sortButton;
  }

  private row(entry: CatalogEntry, region: string): HTMLTableRowElement {
    const certification = entry.certification;
    const row = el('tr');
    row.dataset.modelId = entry.modelId;
    row.dataset.status = catalogStatus(entry);

    const lifecycle = t(
      entry.lifecycle === 'LEGACY' ? 'web.lifecycle.legacy' : 'web.lifecycle.active',
    );
    const name = el('th');
    name.scope = 'row';
    const link = el('a', entry.modelName);
    link.href = modelFragment(entry.modelId);
    // Where the provider, lifecycle and access columns are hidden (narrower views), this line
    // carries them under the id; where the columns show, it is not displayed.
    const meta = el('span', undefined, 'row-meta small');
    meta.append(entry.provider, ' · ');
    meta.append(el('span', lifecycle, entry.lifecycle === 'LEGACY' ? 'legacy' : undefined));
    meta.append(' · ', accessText(entry));
    name.append(link, modelIdSpan(entry.modelId, 'model-id small'), meta);

    const status = el('td', undefined, 'status');
    this.drawStatus(entry.modelId, status, certification);

    const caps = el('td', undefined, 'caps-cell');
    if (certification) {
      // Ticks under the header's legend in the table; labelled marks on a phone's card.
      caps.append(
        compactCapabilities(certification.capabilities),
        capabilityList(certification.capabilities),
      );
    } else {
      caps.textContent = '—';
      caps.dataset.empty = 'true';
    }

    const target = certifyTarget(entry, region);
    // A profile-only model's row certifies its profile: "Certify us. profile". The accessible
    // name starts with that visible label and adds the full id, so speech input ("click Certify
    // us. profile") and screen readers agree.
    const geography = /^[a-z-]+\./.exec(target)?.[0];
    const action = button(
      target === entry.modelId
        ? t('web.certify')
        : geography
          ? t('web.catalog.certifyProfile', { geography })
          : t('web.catalog.certifyAnyProfile'),
      'small',
    );
    action.append(hiddenText(` ${target}`));
    action.dataset.modelId = entry.modelId;
    action.dataset.target = target;
    action.title = t('web.catalog.certifyTitle', { target });
    action.addEventListener('click', () =>
      this.actions.certify([{ modelId: entry.modelId, target }]),
    );
    const actionCell = el('td');
    actionCell.append(action);

    const ttft = el('td', duration(certification?.ttftMs), 'num');
    const costCell = el('td', certification ? cost(certification.estimatedCostUsd) : '—', 'num');
    // The day, with the exact time on hover: the column stays narrow in both languages.
    const changed = el(
      'td',
      entry.lastChangedAt === null ? '—' : date(entry.lastChangedAt),
      'changed-at',
    );
    if (entry.lastChangedAt !== null) changed.title = dateTime(entry.lastChangedAt);
    if (!certification) ttft.dataset.empty = costCell.dataset.empty = 'true';
    if (entry.lastChangedAt === null) changed.dataset.empty = 'true';

    const cells: [ColumnKey, HTMLElement][] = [
      ['provider', el('td', entry.provider)],
      ['lifecycle', el('td', lifecycle, entry.lifecycle === 'LEGACY' ? 'legacy' : undefined)],
      ['access', el('td', accessText(entry))],
      ['status', status],
      ['caps', caps],
      ['ttft', ttft],
      ['cost', costCell],
      ['changed', changed],
      ['action', actionCell],
    ];
    name.dataset.col = 'model';
    for (const [col, cell] of cells) {
      cell.dataset.col = col;
      // A phone's card labels each figure from this attribute (CSS `attr()`).
      cell.dataset.label = col === 'action' ? '' : columnLabel(col);
    }
    row.append(name, ...cells.map(([, cell]) => cell));
    this.rows.set(entry.modelId, { status, action });
    return row;
  }

  private drawStatus(
    modelId: string,
    cell: HTMLElement,
    certification?: CertificationSummary | null,
  ): void {
    const item = this.itemOf(modelId);
    const entry = this.catalog?.models.find((candidate) => candidate.modelId === modelId);
    const current =
      certification !== undefined
        ? certification
        : entry
          ? this.effectiveCertification(entry)
          : null;
    const parts: Node[] = [badge(current?.status ?? 'uncertified')];
    if (
      entry &&
      isProfileOnly(entry) &&
      entry.certification === null &&
      current !== null &&
      this.catalog
    ) {
      const via = el('span', ` ${t('web.catalog.via')} `, 'small');
      via.append(modelIdSpan(certifyTarget(entry, this.catalog.region), 'via-id'));
      parts.push(via);
    }
    const marker = item ? batchRowText(item, Date.now()) : '';
    if (marker !== '') parts.push(el('span', marker, 'row-progress'));
    cell.replaceChildren(...parts);
    // The item's outcome once finished, else its phase: what the batch's counts count.
    if (item) cell.dataset.batch = item.outcome ?? item.phase;
    else delete cell.dataset.batch;
    if (item) this.drawn.set(modelId, item);
    else this.drawn.delete(modelId);
  }
}

function sameCapabilities(
  a: CertificationSummary['capabilities'],
  b: CertificationSummary['capabilities'],
): boolean {
  return (Object.keys(a) as (keyof typeof a)[]).every((key) => a[key] === b[key]);
}
