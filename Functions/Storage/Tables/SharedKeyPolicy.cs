using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AuthFunctions.Storage.Tables;

/// <summary>
/// Signs each attempt with the Table service SharedKey scheme. It runs per retry so every attempt
/// carries a fresh x-ms-date (the service rejects requests dated more than 15 minutes off).
/// </summary>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    public SharedKeyPolicy(string accountName, byte[] key, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _accountName = accountName;
        _key = (byte[])key.Clone();
        _timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = message.Request;
        var date = _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);

        request.Headers.TryGetValue("Content-MD5", out var contentMd5);
        request.Headers.TryGetValue("Content-Type", out var contentType);

        // The Date slot carries x-ms-date: the Table scheme signs whichever date the request sends.
        var stringToSign = string.Join(
            '\n',
            request.Method.Method,
            contentMd5 ?? string.Empty,
            contentType ?? string.Empty,
            date,
            CanonicalizedResource(request.Uri.ToUri()));

        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.SetValue("Authorization", $"SharedKey {_accountName}:{signature}");
    }

    /// <summary>
    /// "/" + account + the escaped path exactly as sent (path-style emulator URLs repeat the account),
    /// plus the comp parameter, the only query parameter the Table scheme signs.
    /// </summary>
    private string CanonicalizedResource(Uri uri)
    {
        var resource = "/" + _accountName + uri.AbsolutePath;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
            {
                return resource + "?comp=" + Uri.UnescapeDataString(pair["comp=".Length..]);
            }
        }

        return resource;
    }
}
