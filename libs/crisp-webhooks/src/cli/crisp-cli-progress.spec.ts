import { crispCliProgress } from './crisp-cli-progress';

describe('crispCliProgress', () => {
  it('writes one plain line per batch where there is no terminal, past the count when rows came meanwhile', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (line: string) => lines.push(line) } as unknown as NodeJS.WriteStream;
    const progress = crispCliProgress('Pruning', 1500, stream);
    progress.advance(1000);
    progress.advance(500);
    progress.advance(3);
    progress.stop();
    expect(lines).toEqual(['Pruning: 1000/1500\n', 'Pruning: 1500/1500\n', 'Pruning: 1503/1503\n']);
  });
});
