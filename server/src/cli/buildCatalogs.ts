// Placeholder until the importer lands: fails loudly rather than pretending to work.
export async function buildCatalogsCommand(_args: string[]): Promise<number> {
  console.error('build-catalogs: the importer is not built yet');
  return 2;
}
