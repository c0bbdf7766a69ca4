using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>Applies a catalog entry's <see cref="ErrorRule"/>s to an answer that came with HTTP 200.</summary>
internal static class ErrorRules
{
    /// <summary>Throws <see cref="ProviderException"/> (provider_error, with the provider's code) when a rule says the call failed.</summary>
    public static void Check(IReadOnlyList<ErrorRule> rules, JsonElement answer, string what)
    {
        foreach (var rule in rules)
        {
            var found = ProviderJson.Select(answer, rule.Path);
            var value = ProviderJson.Text(found);
            var failed = value is null
                ? rule.Required || (found is { ValueKind: not JsonValueKind.Null } && rule.Ok.Count == 0)
                : rule.Ok.Count == 0 || !rule.Ok.Contains(value, StringComparer.Ordinal);
            if (failed)
            {
                var code = ProviderHttp.Sanitize(value ?? "missing " + rule.Path);
                var message = rule.Message is null ? null : ProviderHttp.Sanitize(ProviderJson.TextAt(answer, rule.Message));
                throw new ProviderException(AuthErrors.ProviderError, $"{what}: {rule.Path}={code} {message}", providerError: code);
            }
        }
    }
}
