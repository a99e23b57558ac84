import { describe, expect, it } from 'vitest';
import { canAddMembers, memberActions, roleOf, sortedMembers } from '../src/group';
import type { Chat } from '../src/types';

const chat: Chat = { chatId: 'g', type: 'group', name: 'G', lastMessage: null, unreadCount: 0, lastSeq: 0,
  members: [{ userId: 'm1', role: 'member' }, { userId: 'a1', role: 'admin' }, { userId: 'o', role: 'owner' }, { userId: 'm2', role: 'member' }] };

describe('group info permissions', () => {
  it('members manage nobody', () => {
    expect(canAddMembers('member')).toBe(false);
    expect(memberActions('member', { userId: 'm2', role: 'member' }, 'm1')).toEqual({ remove: false, promote: false, demote: false });
  });
  it('admins add, remove and promote members but not admins or the owner', () => {
    expect(canAddMembers('admin')).toBe(true);
    expect(memberActions('admin', { userId: 'm1', role: 'member' }, 'a1')).toEqual({ remove: true, promote: true, demote: false });
    expect(memberActions('admin', { userId: 'a2', role: 'admin' }, 'a1')).toEqual({ remove: false, promote: false, demote: false });
    expect(memberActions('admin', { userId: 'o', role: 'owner' }, 'a1')).toEqual({ remove: false, promote: false, demote: false });
  });
  it('the owner demotes and removes admins; nobody acts on themselves', () => {
    expect(memberActions('owner', { userId: 'a1', role: 'admin' }, 'o')).toEqual({ remove: true, promote: false, demote: true });
    expect(memberActions('owner', { userId: 'o', role: 'owner' }, 'o')).toEqual({ remove: false, promote: false, demote: false });
  });
  it('lists the owner, then admins, then members', () => {
    expect(roleOf(chat, 'a1')).toBe('admin');
    expect(roleOf(chat, 'x')).toBeNull();
    expect(sortedMembers(chat, 'm2').map((m) => m.userId)).toEqual(['o', 'a1', 'm2', 'm1']);
  });
});
