import { useContext } from 'react';
import { EnvContext, type AppEnv } from '../app-context.ts';

export function useEnv(): AppEnv {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useEnv outside <App>');
  return env;
}
