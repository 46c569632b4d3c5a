/**
 * One numbered schema change (design.md, "Storage"). Each dialect keeps its own ordered list; a database
 * records the versions it has in `schema_migrations`, and opening a store applies the missing ones in one
 * transaction. A released migration is never edited: a change is a new version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations of `all` newer than `current`, after checking the list is numbered 1, 2, 3 … */
export function pendingMigrations(all: readonly Migration[], current: number): readonly Migration[] {
  all.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration \`${migration.name}\` has version ${migration.version}, expected ${index + 1}`);
    }
  });
  if (current > all.length) {
    throw new Error(`the database schema is at version ${current} but this iamlab knows only up to ${all.length}; use a newer iamlab`);
  }
  return all.slice(current);
}
