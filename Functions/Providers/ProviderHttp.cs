using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>The named HTTP client for provider calls and the one way their JSON answers are read.</summary>
internal static class ProviderHttp
{
    public const string ClientName = "providers";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public const int MaxResponseBytes = 256 * 1024;

    /// <summary>Sends and parses a JSON answer; every failure becomes a <see cref="ProviderException"/>.</summary>
    public static async Task<JsonDocument> SendForJsonAsync(HttpClient client, HttpRequestMessage request, string what, CancellationToken cancellationToken,
        string format = ResponseFormats.Json)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(AuthErrors.ProviderUnavailable, $"{what}: no answer ({e.GetType().Name})", e);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                throw new ProviderException(AuthErrors.ProviderUnavailable, $"{what}: HTTP {(int)response.StatusCode}");
            }

            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ProviderException(AuthErrors.ProviderUnavailable, $"{what}: body not read ({e.GetType().Name})", e);
            }

            if (!response.IsSuccessStatusCode)
            {
                // RFC 6749 §5.2 (and RFC 6750 §3 for userinfo): a refusal; its error code, when it sent one, is for logs and logic.
                var error = ResponseBody.ErrorCode(body);
                throw new ProviderException(AuthErrors.ProviderError, $"{what}: HTTP {(int)response.StatusCode} error={Sanitize(error)}", providerError: Sanitize(error));
            }

            JsonDocument doc;
            try
            {
                doc = ResponseBody.Parse(body, format);
            }
            catch (JsonException e)
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{what}: HTTP {(int)response.StatusCode}, not {format}", e);
            }

            return doc;
        }
    }

    /// <summary>Provider error codes go to logs only, and only as short printable tokens.</summary>
    public static string Sanitize(string? value) =>
        value is null ? "(none)" : new string(value.Take(64).Where(c => c is > ' ' and < '\u007f').ToArray());
}
