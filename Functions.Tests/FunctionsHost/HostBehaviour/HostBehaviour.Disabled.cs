namespace AuthFunctions.Tests.FunctionsHost;

internal static partial class HostBehaviour
{
    /// <summary>
    /// The app setting <c>AzureWebJobs.{name}.Disabled</c> = true switches one function off: the host loads it but
    /// never routes to it or fires its trigger (learn.microsoft.com "How to disable functions in Azure Functions").
    /// </summary>
    public static bool IsDisabled(string functionName, IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue($"AzureWebJobs.{functionName}.Disabled", out var value)
        && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
