import { type DocumentPath, describePath } from "./ast";
import { overlaps, ParserBase } from "./parser-base";
import type { Substitutions } from "./substitutions";

/** ProjectionExpression: comma-separated document paths, none overlapping another. */
class ProjectionParser extends ParserBase {
  parse(): DocumentPath[] {
    const paths = [this.path()];
    while (this.atPunct(",")) {
      this.next();
      paths.push(this.path());
    }
    this.finish(paths);
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const a = paths[i] as DocumentPath;
        const b = paths[j] as DocumentPath;
        if (overlaps(a, b)) {
          throw this.invalid(
            `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${describePath(a)}, path two: ${describePath(b)}`,
          );
        }
      }
    }
    return paths;
  }
}

function parseProjection(source: string, substitutions: Substitutions): DocumentPath[] {
  return new ProjectionParser("ProjectionExpression", source, substitutions).parse();
}

export { parseProjection };
