import { didYouMean } from '../../errors/suggest-name.js';
import { isRecord } from '../source-document.js';
import type { Intrinsic } from './intrinsic.js';
import { argumentList, asString, Failure, invalid, UNRESOLVED } from './intrinsic.js';

/** `Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey]` over the template's `Mappings`. */
export const findInMap: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 3, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
  if (args instanceof Failure) return args;
  const keys = args.map((item, index) =>
    asString(
      evaluator.value(item, [...path, index]),
      ['the map name', 'the top-level key', 'the second-level key'][index]!,
    ),
  );
  for (const key of keys) if (key instanceof Failure) return key;
  if (keys.includes(UNRESOLVED)) return UNRESOLVED;
  const [mapName, top, second] = keys as string[];
  const mappings = evaluator.sections.mappings;
  const map = Object.hasOwn(mappings, mapName!) ? mappings[mapName!] : undefined;
  if (!isRecord(map)) {
    return invalid(`Mappings has no map ${mapName}${didYouMean(mapName!, Object.keys(mappings))}`);
  }
  const level = Object.hasOwn(map, top!) ? map[top!] : undefined;
  if (!isRecord(level)) {
    return invalid(
      `map ${mapName} has no key ${top}${didYouMean(top!, Object.keys(map))}; its keys: ${Object.keys(map).join(', ')}`,
    );
  }
  if (!Object.hasOwn(level, second!)) {
    return invalid(
      `map ${mapName} has no key ${second} under ${top}${didYouMean(second!, Object.keys(level))}; its keys: ${Object.keys(level).join(', ')}`,
    );
  }
  return level[second!];
};
