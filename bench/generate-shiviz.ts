// Generates a synthetic, valid GoVector/ShiViz log (regex header, two lines per event, correct
// vector clocks, local/send/receive events) for benchmarks of the ShiViz importer.

export interface ShivizLogOptions {
  events: number;
  hosts: number;
  seed?: number;
}

/** The log text: GoVector's regex header, a blank line, then `host {clock}` / event text pairs. */
export function generateShivizLog({ events, hosts, seed = 42 }: ShivizLogOptions): string {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const names = Array.from({ length: hosts }, (_, h) => `host${h}`);
  const clocks = names.map(() => new Array<number>(hosts).fill(0));
  const inbox: number[][][] = names.map(() => []);
  const parts: string[] = ['(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)', ''];
  for (let n = 0; n < events; n++) {
    const h = Math.floor(random() * hosts);
    const clock = clocks[h];
    clock[h]++;
    const roll = random();
    let text: string;
    if (roll < 0.35 && inbox[h].length > 0) {
      const msg = inbox[h].shift()!;
      for (let g = 0; g < hosts; g++) if (msg[g] > clock[g]) clock[g] = msg[g];
      text = `received a message`;
    } else if (roll < 0.7) {
      const to = (h + 1 + Math.floor(random() * (hosts - 1))) % hosts;
      inbox[to].push(clock.slice());
      text = `sent a message to ${names[to]}`;
    } else {
      text = `local step ${n}`;
    }
    const entries: string[] = [];
    for (let g = 0; g < hosts; g++) if (clock[g] > 0) entries.push(`"${names[g]}":${clock[g]}`);
    parts.push(`${names[h]} {${entries.join(', ')}}`, text);
  }
  parts.push('');
  return parts.join('\n');
}
