/** The stage the console talks to: `config.json` next to index.html (the local platform serves it from its own
 * URLs; CDK writes it from the stage's outputs). */
export interface ConsoleConfig {
  apiUrl: string;
  wsUrl: string;
  stage: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  if (!config.apiUrl || !config.wsUrl) throw new Error("config.json needs apiUrl and wsUrl");
  return { apiUrl: config.apiUrl.replace(/\/$/, ""), wsUrl: config.wsUrl.replace(/\/$/, ""), stage: config.stage ?? "" };
}
