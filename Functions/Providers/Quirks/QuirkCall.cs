using System.Text.Json;

namespace AuthFunctions.Providers.Quirks;

/// <summary>What a quirk may use during one sign-in: the provider, the access token, and the provider HTTP client.</summary>
public sealed class QuirkCall(ResolvedProvider provider, string accessToken, HttpClient client)
{
    public ResolvedProvider Provider { get; } = provider;

    /// <summary>For requests to the provider only; never logged.</summary>
    public string AccessToken { get; } = accessToken;

    /// <summary>Sends and parses as the engine does: time-outs, size limit, failures as ProviderException.</summary>
    public Task<JsonDocument> SendAsync(HttpRequestMessage request, string what, string format, CancellationToken cancellationToken) =>
        ProviderHttp.SendForJsonAsync(client, request, $"{Provider.Id} {what}", cancellationToken, format);
}
