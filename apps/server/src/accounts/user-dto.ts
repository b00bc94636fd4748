import type { User, UserDto } from '@pollwatch/core';

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    role: user.role,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
    areaId: user.areaId ?? null,
  };
}
