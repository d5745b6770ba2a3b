import { printContracts, publicationProblems, readLock, sha256 } from './published.js';

describe('published contracts', () => {
  it('the committed files match the code and their locked checksums (run `npm run compose` after adding a version)', () => {
    expect(publicationProblems()).toEqual([]);
  });

  it('a published file that changes is reported, naming the file', () => {
    const files = printContracts();
    const changed = files.map((f, i) => (i === 0 ? { ...f, json: f.json.replace('"uuid"', '"string"') } : f));
    expect(publicationProblems(changed).join('\n')).toContain(files[0]!.path);
  });

  it('a locked file that disappears without being retired is reported', () => {
    const lock = readLock();
    const files = printContracts().slice(1);
    const gone = printContracts()[0]!.path;
    expect(publicationProblems(files, lock)).toContainEqual(
      expect.stringContaining(`${gone}: published but no longer in the code`),
    );
    expect(sha256('x')).toHaveLength(64);
  });
});
