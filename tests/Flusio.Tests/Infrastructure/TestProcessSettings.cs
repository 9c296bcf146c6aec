using System.Runtime.CompilerServices;

namespace Flusio.Tests.Infrastructure;

/// <summary>What the whole test process needs set before any host is built.</summary>
internal static class TestProcessSettings
{
    /// <summary>
    /// Every host watches its configuration files for changes, and on Linux each watcher holds an
    /// inotify instance that outlives the disposed host until a collection; a run builds hundreds
    /// of hosts, and the user's limit (128 by default, shared with every process of the user) is
    /// reached mid-run, failing tests at random. Polling watchers hold no inotify instance.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
