namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>What <see cref="FunctionsTestHost.StartAsync"/> starts and with which settings.</summary>
public sealed class FunctionsTestHostOptions
{
    /// <summary>
    /// The function app root: the build or publish output with the app's assembly (or self-contained apphost),
    /// <c>worker.config.json</c>, <c>functions.metadata</c> and <c>host.json</c>.
    /// </summary>
    public required string AppDirectory { get; init; }

    /// <summary>
    /// App settings, passed to the worker as environment variables. Keys may be written with ':' (configuration
    /// style) or '__'; ':' becomes '__' because Linux environment names cannot hold ':'. A null value removes
    /// the variable. These win over <c>local.settings.json</c> Values.
    /// </summary>
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// The value of AZURE_FUNCTIONS_ENVIRONMENT, as Core Tools sets it for local runs.
    /// </summary>
    public string HostingEnvironment { get; init; } = "Development";

    /// <summary>How long the worker gets from spawn to all functions loaded.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
