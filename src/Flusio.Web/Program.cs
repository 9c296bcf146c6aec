using Flusio.Web.Cli;

// One executable: `serve` (the default), `worker`, `migrate`, `users`, `system`, `feeds`.
return await FlusioCommands.RunAsync(args);

/// <summary>Entry point type, for WebApplicationFactory in tests.</summary>
public partial class Program;
