// Who may do what in a group's info panel (mirrors the server's rules; the server still decides).
import type { Chat, Member } from './types';

export type Role = 'owner' | 'admin' | 'member';
const RANK: Record<string, number> = { owner: 2, admin: 1, member: 0 };

export interface MemberActions { remove: boolean; promote: boolean; demote: boolean }

export function roleOf(chat: Chat, userId: string | null): string | null {
  return chat.members.find((m) => m.userId === userId)?.role ?? null;
}

export function canAddMembers(myRole: string | null): boolean {
  return myRole === 'owner' || myRole === 'admin';
}

/** What I may do to another member: admins manage members; only the owner manages admins; nobody touches the owner. */
export function memberActions(myRole: string | null, target: Member, me: string | null): MemberActions {
  const none = { remove: false, promote: false, demote: false };
  if (target.userId === me || !canAddMembers(myRole) || target.role === 'owner') return none;
  if (target.role === 'admin') return myRole === 'owner' ? { remove: true, promote: false, demote: true } : none;
  return { remove: true, promote: true, demote: false };
}

/** Owner first, then admins, then members; me first within my rank. */
export function sortedMembers(chat: Chat, me: string | null): Member[] {
  return [...chat.members].sort((a, b) => (RANK[b.role] ?? 0) - (RANK[a.role] ?? 0) || Number(b.userId === me) - Number(a.userId === me));
}
