import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { MemberDirectory } from './parties';

/**
 * The workspace's members, to name them and to place them in their department. Read once; if the
 * core refuses, members show by id and the RACI matrix leaves them out.
 */
export function useMembers(): MemberDirectory {
  const [members, setMembers] = useState<MemberDirectory>(() => new Map());
  useEffect(() => {
    let live = true;
    api.listMembers({}).then(
      (list) => live && setMembers(new Map(list.map((member) => [member.memberId, member]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return members;
}
