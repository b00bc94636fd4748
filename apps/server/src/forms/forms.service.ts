import { randomUUID } from 'node:crypto';
import {
  checkFormDefinition,
  DomainError,
  type Election,
  type FormDefinition,
  type FormDefinitionProblem,
  type FormSummary,
  type FormVersionDto,
  formKinds,
  type ImportNote,
  type LocalizedText,
  standardForms,
  uniqueFormCode,
  type ValidateAnswersBody,
  validateSubmission,
} from '@pollwatch/core';
import type { Store, StoredForm, StoredFormVersion } from '@pollwatch/db';
import { readXlsForm } from '@pollwatch/documents';
import { type Actor, audit } from '../auth/actor.ts';

/** Problems that leave a definition without an identity (code, kind, title): it cannot even be a draft. */
const identityProblems = new Set(['not_an_object', 'bad_schema_version', 'bad_code', 'bad_kind']);

const XLSFORM_MAX_BYTES = 10 * 1024 * 1024;

function identityOf(problems: FormDefinitionProblem[]): FormDefinitionProblem[] {
  return problems.filter(
    (p) => identityProblems.has(p.code) || (p.code === 'missing_text' && p.path.startsWith('title')),
  );
}

/** A definition with a valid code, kind and title (other problems may remain: it is a draft). */
function withIdentity(definition: unknown): FormDefinition {
  const fatal = identityOf(checkFormDefinition(definition));
  if (fatal.length)
    throw new DomainError('form_invalid', 'the form has no valid code, kind or title', { problems: fatal });
  return { ...(definition as FormDefinition) };
}

export function toVersionDto(v: StoredFormVersion): FormVersionDto {
  return {
    formId: v.formId,
    version: v.version,
    status: v.status,
    definition: v.definition,
    problems: v.status === 'published' ? [] : checkFormDefinition(v.definition),
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
  };
}

function summary(form: StoredForm, versions: { version: number; status: string }[]): FormSummary {
  const published = versions.filter((v) => v.status === 'published').map((v) => v.version);
  const latest = Math.max(0, ...versions.map((v) => v.version));
  return {
    id: form.id,
    electionId: form.electionId,
    code: form.code,
    kind: form.kind,
    title: form.title,
    isStandard: form.isStandard,
    latestVersion: latest,
    publishedVersion: published.length ? Math.max(...published) : null,
    hasDraft: versions.some((v) => v.status === 'draft'),
    updatedAt: form.updatedAt.toISOString(),
  };
}

/**
 * The forms of every new election: the standard checklists, turnout, incident and the protocol
 * copy built from the election's ballot and protocol template, each published as version 1.
 */
export async function createStandardForms(tx: Store, election: Election, actorId: string | null, now: Date) {
  for (const definition of standardForms({
    ballotOptions: election.ballotOptions,
    protocolTemplate: election.protocolTemplate,
  })) {
    const form = await tx.forms.create(
      {
        id: randomUUID(),
        electionId: election.id,
        code: definition.code,
        kind: definition.kind,
        title: definition.title,
        isStandard: true,
      },
      now,
    );
    await tx.forms.insertVersion({
      formId: form.id,
      version: 1,
      status: 'published',
      definition,
      createdBy: actorId,
      createdAt: now,
      publishedAt: now,
    });
  }
}

/**
 * After the ballot or the protocol template of an election changes, its standard protocol form is
 * rebuilt and published as a new version; earlier versions stay as they were for reports made on them.
 */
export async function refreshProtocolForm(tx: Store, election: Election, actorId: string | null, now: Date) {
  const definition = standardForms({
    ballotOptions: election.ballotOptions,
    protocolTemplate: election.protocolTemplate,
  }).find((f) => f.kind === 'protocol');
  const form = (await tx.forms.listByElection(election.id)).find((f) => f.isStandard && f.kind === 'protocol');
  if (!definition || !form) return;
  const versions = await tx.forms.versions(form.id);
  const latest = versions[0];
  if (latest?.status === 'draft') {
    await tx.forms.updateDraft(form.id, latest.version, definition, now);
    await tx.forms.publish(form.id, latest.version, now);
  } else {
    await tx.forms.insertVersion({
      formId: form.id,
      version: (latest?.version ?? 0) + 1,
      status: 'published',
      definition,
      createdBy: actorId,
      createdAt: now,
      publishedAt: now,
    });
  }
  await tx.forms.touch(form.id, form.title, form.kind, now);
}

export class FormsService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async list(electionId: string): Promise<FormSummary[]> {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    // Standard forms in the order of a voting day, then the HQ's own in the order they were made.
    const order = (f: StoredForm) => (f.isStandard ? formKinds.indexOf(f.kind) : formKinds.length);
    const forms = (await this.store.forms.listByElection(electionId)).sort(
      (a, b) => order(a) - order(b) || a.createdAt.getTime() - b.createdAt.getTime() || (a.code < b.code ? -1 : 1),
    );
    const states = await this.store.forms.versionStates(forms.map((f) => f.id));
    return forms.map((f) =>
      summary(
        f,
        states.filter((s) => s.formId === f.id),
      ),
    );
  }

  async get(formId: string): Promise<{ form: FormSummary; versions: FormVersionDto[] }> {
    const form = await this.store.forms.findById(formId);
    if (!form) throw new DomainError('not_found', 'no such form');
    const versions = await this.store.forms.versions(formId);
    return { form: summary(form, versions), versions: versions.map(toVersionDto) };
  }

  async create(actor: Actor, electionId: string, definition: unknown) {
    const def = withIdentity(definition);
    const formId = await this.store.transaction((tx) => this.insertDraft(tx, actor, electionId, def));
    return this.latest(formId);
  }

  private async insertDraft(tx: Store, actor: Actor, electionId: string, def: FormDefinition): Promise<string> {
    const now = this.now();
    if (!(await tx.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    const form = await tx.forms.create(
      { id: randomUUID(), electionId, code: def.code, kind: def.kind, title: def.title, isStandard: false },
      now,
    );
    await tx.forms.insertVersion({
      formId: form.id,
      version: 1,
      status: 'draft',
      definition: def,
      createdBy: actor.user.id,
      createdAt: now,
      publishedAt: null,
    });
    await audit(
      tx,
      actor,
      { action: 'form.created', entityType: 'form', entityId: form.id, details: { code: def.code } },
      now,
    );
    return form.id;
  }

  /**
   * Saves the draft. When the latest version is published, the draft becomes a new version: a
   * published version may have reports made on it and never changes in place.
   */
  async saveDraft(actor: Actor, formId: string, definition: unknown) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const form = await tx.forms.findById(formId);
      if (!form) throw new DomainError('not_found', 'no such form');
      const fatal = identityOf(checkFormDefinition(definition));
      if (fatal.length)
        throw new DomainError('form_invalid', 'the form has no valid code, kind or title', { problems: fatal });
      // The code is the form's identity (SMS, results files): a draft cannot rename it.
      const def = { ...(definition as FormDefinition), code: form.code };
      const latest = (await tx.forms.versions(formId))[0];
      let version: number;
      if (latest?.status === 'draft') {
        version = latest.version;
        await tx.forms.updateDraft(formId, version, def, now);
      } else {
        version = (latest?.version ?? 0) + 1;
        await tx.forms.insertVersion({
          formId,
          version,
          status: 'draft',
          definition: def,
          createdBy: actor.user.id,
          createdAt: now,
          publishedAt: null,
        });
      }
      await tx.forms.touch(formId, def.title as LocalizedText, def.kind, now);
      await audit(
        tx,
        actor,
        { action: 'form.draft_saved', entityType: 'form', entityId: formId, details: { version } },
        now,
      );
    });
    return this.latest(formId);
  }

  async publish(actor: Actor, formId: string) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const form = await tx.forms.findById(formId);
      if (!form) throw new DomainError('not_found', 'no such form');
      const latest = (await tx.forms.versions(formId))[0];
      if (latest?.status !== 'draft') {
        throw new DomainError('form_version_locked', 'there is no draft to publish: the latest version is published');
      }
      const problems = checkFormDefinition(latest.definition);
      if (problems.length) throw new DomainError('form_invalid', 'the form has problems', { problems });
      await tx.forms.publish(formId, latest.version, now);
      await audit(
        tx,
        actor,
        { action: 'form.published', entityType: 'form', entityId: formId, details: { version: latest.version } },
        now,
      );
    });
    return this.latest(formId);
  }

  /**
   * An XLSForm workbook becomes a new form's draft. What could not be mapped (`unmapped`) and what
   * the import chose on its own (`notes`: languages, a code from the file name made unique in the
   * election, loops…) are returned with it. A workbook that yields no question is refused.
   */
  async importXlsForm(actor: Actor, electionId: string, fileName: string, body: AsyncIterable<Buffer>) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > XLSFORM_MAX_BYTES)
        throw new DomainError('file_too_large', 'XLSForm files are small', { limitBytes: XLSFORM_MAX_BYTES });
      chunks.push(chunk);
    }
    const imported = await readXlsForm(new Uint8Array(Buffer.concat(chunks)), { fileName });
    if (imported.emptyReason) {
      throw new DomainError('xlsform_empty', 'no question of the XLSForm could be imported', {
        reason: imported.emptyReason,
        unmapped: imported.unmapped.slice(0, 100),
      });
    }
    const def = withIdentity(imported.form);
    const notes: ImportNote[] = [...imported.notes];
    // A code the file did not give (from its name, or the default) must not collide with another
    // form of the election: `-2`, `-3`… An explicit form_id stays as written (a clash is a conflict).
    const derived = notes.some((n) => n.kind === 'code_from_file_name' || n.kind === 'code_default');
    const formId = await this.store.transaction(async (tx) => {
      if (derived) {
        const taken = new Set((await tx.forms.listByElection(electionId)).map((f) => f.code));
        const code = uniqueFormCode(def.code, taken);
        if (code !== def.code) {
          notes.push({ sheet: 'settings', column: 'form_id', value: def.code, kind: 'code_made_unique', target: code });
          def.code = code;
        }
      }
      return this.insertDraft(tx, actor, electionId, def);
    });
    return { ...(await this.latest(formId)), unmapped: imported.unmapped, notes };
  }

  async validate(formId: string, version: number, body: ValidateAnswersBody) {
    const stored = await this.store.forms.version(formId, version);
    if (!stored) throw new DomainError('not_found', 'no such form version');
    const problems = checkFormDefinition(stored.definition);
    if (problems.length) throw new DomainError('form_invalid', 'the form version has problems', { problems });
    let station: { registeredVoters: number | null; number: string } | undefined;
    if (body.stationId) {
      const s = await this.store.stations.findById(body.stationId);
      if (!s) throw new DomainError('not_found', 'no such station');
      station = { registeredVoters: s.registeredVoters, number: String(s.number) };
    }
    return validateSubmission(stored.definition as FormDefinition, body.answers, station ? { station } : {});
  }

  private async latest(formId: string) {
    const { form, versions } = await this.get(formId);
    return { form, version: versions[0] as FormVersionDto };
  }
}
