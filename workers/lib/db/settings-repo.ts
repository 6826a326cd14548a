import type { Db } from './open-db.ts';
import type { SettingKey, SettingsValues } from './schema/settings.ts';

/** Reads one setting, or undefined when it was never written. */
export async function getSetting<K extends SettingKey>(
  db: Db,
  key: K,
): Promise<SettingsValues[K] | undefined> {
  const row = await db.get('settings', key);
  return row?.value as SettingsValues[K] | undefined;
}

/** Writes one setting. */
export async function setSetting<K extends SettingKey>(
  db: Db,
  key: K,
  value: SettingsValues[K],
): Promise<void> {
  await db.put('settings', { key, value });
}
