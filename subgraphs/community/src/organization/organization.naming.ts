import type { FieldProblem } from '@cso/platform';

/**
 * Naming conventions of organizations (seed 001, 四三三 management system):
 * - an organization set up in a community by a district unit or the street: `{community name}…工作站`
 * - an organization set up at street level by a district unit: `{street name}…分会`
 * Organizations founded by residents choose their own names within the general rules.
 */

export type NamingSponsor = 'RESIDENTS' | 'DISTRICT_UNIT' | 'STREET';
export type NamingLevel = 'COMMUNITY' | 'STREET';

export const NAME_MIN_LENGTH = 4;
export const NAME_MAX_LENGTH = 50;
/** Words reserved for bodies registered above community level. */
export const RESERVED_WORDS = ['中国', '中华', '全国', '国际', '世界', '国家'];

export interface OrganizationNaming {
  name: string;
  level: NamingLevel;
  sponsor: NamingSponsor;
  /** The community's name, e.g. 望海楼社区 (community-level organizations). */
  communityName?: string | null;
  /** The street's name, e.g. 光复道街. */
  streetName: string;
}

const ALLOWED = /^[\p{Script=Han}A-Za-z0-9·()()-]+$/u;

/** Every way a proposed organization name breaks the conventions; empty when it conforms. */
export function checkOrganizationName(naming: OrganizationNaming, field = 'name'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = naming.name.trim();
  const length = [...name].length;
  if (length < NAME_MIN_LENGTH || length > NAME_MAX_LENGTH) {
    problems.push({
      field,
      code: 'NAME_LENGTH',
      message: `must be ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters; has ${length}`,
    });
  }
  if (name && !ALLOWED.test(name)) {
    problems.push({
      field,
      code: 'NAME_CHARACTERS',
      message: 'may contain Chinese characters, letters, digits, · ( ) and - only',
    });
  }
  const reserved = RESERVED_WORDS.filter((w) => name.includes(w));
  if (reserved.length) {
    problems.push({
      field,
      code: 'NAME_RESERVED_WORD',
      message: `must not use ${reserved.join('、')} (reserved for bodies above community level)`,
    });
  }
  if (naming.sponsor !== 'RESIDENTS') {
    if (naming.level === 'COMMUNITY') {
      const prefix = naming.communityName ?? '';
      if (!prefix || !name.startsWith(prefix) || !name.endsWith('工作站') || name.length <= prefix.length + 3) {
        problems.push({
          field,
          code: 'NAME_CONVENTION',
          message: `a unit's community organization is named ${prefix || '{社区名}'}…工作站`,
        });
      }
    } else if (!name.startsWith(naming.streetName) || !name.endsWith('分会') || name.length <= naming.streetName.length + 2) {
      problems.push({
        field,
        code: 'NAME_CONVENTION',
        message: `a district unit's street organization is named ${naming.streetName}…分会`,
      });
    }
  }
  return problems;
}

/** True when a filed organization's name breaks the conventions and must be changed (需更名). */
export function renameRequired(naming: OrganizationNaming): boolean {
  return checkOrganizationName(naming).length > 0;
}
