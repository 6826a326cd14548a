import type { ProjectRecord } from '../../../workers/lib/db/schema/projects.ts';
import {
  createProject,
  deleteProject,
  findProjectByName,
  getProject,
  listProjects,
  setProjectAssertions,
  updateProjectScope,
} from '../../../workers/lib/db/projects-repo.ts';
import { getSetting, setSetting } from '../../../workers/lib/db/settings-repo.ts';
import { listImages } from '../../../workers/lib/db/images-repo.ts';
import { renameClass } from '../../../workers/lib/db/labels-repo.ts';
import { defaultScope, type Scope } from '../../../workers/lib/domain/scope.ts';
import { getDb } from './db.ts';

/** The demo project's name; it is created on first launch. */
export const DEMO_PROJECT_NAME = 'Screw inspection demo';

/** Projects on this device and the one that is open. */
class ProjectsStore {
  list = $state.raw<ProjectRecord[]>([]);
  current = $state.raw<ProjectRecord | undefined>(undefined);
  loaded = $state(false);

  /** Loads the list, seeds the demo project on the very first launch, and reopens the last project. */
  async load(): Promise<void> {
    const db = await getDb();
    if (!(await getSetting(db, 'demoSeeded'))) {
      if (!(await findProjectByName(db, DEMO_PROJECT_NAME)))
        await createProject(db, defaultScope(DEMO_PROJECT_NAME));
      await setSetting(db, 'demoSeeded', true);
    }
    this.list = await listProjects(db);
    const lastId = await getSetting(db, 'lastProjectId');
    this.current = this.list.find((p) => p.id === lastId) ?? this.list[0];
    this.loaded = true;
  }

  /** Creates a project from a scope card and opens it. */
  async create(scope: Scope): Promise<ProjectRecord> {
    const db = await getDb();
    const project = await createProject(db, scope);
    this.list = await listProjects(db);
    this.current = project;
    return project;
  }

  /**
   * Saves an edited scope card of the open project. A class renamed in place relabels its images
   * (recorded as label events); removing a class that still has images is refused.
   */
  async saveScope(scope: Scope): Promise<void> {
    if (!this.current) return;
    const db = await getDb();
    const id = this.current.id;
    const before = this.current.scope.classes;
    const after = scope.classes;
    const renames = before.flatMap((name, i) => {
      const next = after[i];
      return next !== undefined && next !== name && !after.includes(name) && !before.includes(next)
        ? [[name, next] as const]
        : [];
    });
    const labels = new Set((await listImages(db, id)).map((image) => image.label));
    const dropped = before.filter(
      (c) => !after.includes(c) && !renames.some(([from]) => from === c) && labels.has(c),
    );
    if (dropped.length)
      throw new Error(
        `Images are still labeled ${dropped.map((c) => `"${c}"`).join(', ')}. Merge the class into another one on the Label page first.`,
      );
    for (const [from, to] of renames) await renameClass(db, id, from, to);
    this.current = await updateProjectScope(db, id, scope);
    this.list = await listProjects(db);
  }

  /** Saves the open project's data assertions (undefined restores the defaults). */
  async saveAssertions(yaml: string | undefined): Promise<void> {
    if (!this.current) throw new Error('Open a project first.');
    this.current = await setProjectAssertions(await getDb(), this.current.id, yaml);
  }

  /** Renames or merges a class of the open project, relabeling its images in one transaction. */
  async renameClass(from: string, to: string): Promise<{ relabeled: number; merged: boolean }> {
    if (!this.current) throw new Error('Open a project first.');
    const db = await getDb();
    const result = await renameClass(db, this.current.id, from, to);
    this.current = await getProject(db, this.current.id);
    this.list = await listProjects(db);
    return result;
  }

  /** Opens a project and remembers it for the next launch. */
  async open(id: string): Promise<void> {
    const db = await getDb();
    const project = await getProject(db, id);
    if (!project) return;
    await setSetting(db, 'lastProjectId', id);
    this.current = project;
  }

  /** Opens the project named `name`, creating it from the default scope if it does not exist. */
  async openOrCreateByName(name: string): Promise<ProjectRecord> {
    const db = await getDb();
    const found = await findProjectByName(db, name);
    if (found) {
      await this.open(found.id);
      return found;
    }
    return this.create(defaultScope(name));
  }

  async remove(id: string): Promise<void> {
    const db = await getDb();
    await deleteProject(db, id);
    this.list = await listProjects(db);
    if (this.current?.id === id) this.current = this.list[0];
  }
}

/** The one projects store. */
export const projects = new ProjectsStore();
