using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AuthFunctions.Secrets;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>One request the vault received.</summary>
/// <param name="Secret">The secret named in the path, or null.</param>
/// <param name="Kind">"latest" (GET /secrets/{name}), "version" (GET /secrets/{name}/{version}), "versions" (the list), or "other".</param>
/// <param name="Authenticated">Whether it carried the bearer token the credential hands out.</param>
/// <param name="Status">The status it was answered with.</param>
/// <param name="At">When it arrived (wall clock: the SDK's retry delays are real time).</param>
public sealed record VaultRequest(string? Secret, string Kind, bool Authenticated, int Status, DateTimeOffset At);

/// <summary>
/// Azure Key Vault's secrets REST API on 127.0.0.1 over HTTPS, for the real <see cref="SecretClient"/>: the bearer
/// challenge (401 with <c>WWW-Authenticate: Bearer authorization="…", resource="https://vault.azure.net"</c>) to a request
/// without the token, GET /secrets/{name}, GET /secrets/{name}/{version}, GET /secrets/{name}/versions (paged with
/// nextLink), and Key Vault's error bodies: 404 SecretNotFound, 403 Forbidden, 429 Throttled with Retry-After, 5xx.
/// Its certificate is made in-process; <see cref="ClientOptions"/> trusts exactly that one.
/// Shapes: https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret and …/get-secret-versions.
/// </summary>
public sealed class KeyVaultStandIn : IAsyncDisposable
{
    public const string Token = "kv-stand-in-access-token";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly ConcurrentDictionary<string, List<StoredVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(int Status, int? RetryAfterSeconds)> _faults = new();
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;
    private long _clock = 1_700_000_000;

    private KeyVaultStandIn(X509Certificate2 certificate)
    {
        _certificate = certificate;
    }

    /// <summary>The vault URL (what <c>KeyVault__Uri</c> is set to), ending in '/'.</summary>
    public Uri Address { get; private set; } = null!;

    public StandInCredential Credential { get; } = new(Token);

    public ConcurrentQueue<VaultRequest> Requests { get; } = new();

    /// <summary>Requests the real service would reject as malformed; tests assert it stays empty.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    /// <summary>Versions per page when the client names no maxresults (the service's default is 25).</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>When set, every request is answered with this status and Key Vault's error body for it.</summary>
    public int? FailEveryRequestWith { get; set; }

    /// <summary>How long every answer is held back: a slow vault.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When true, connections are dropped without an answer: the vault is unreachable.</summary>
    public bool Unreachable { get; set; }

    public static async Task<KeyVaultStandIn> StartNewAsync()
    {
        var vault = new KeyVaultStandIn(CreateCertificate());
        await vault.StartAsync();
        return vault;
    }

    /// <summary>App settings turning Key Vault on, pointed here, with a short refresh interval.</summary>
    public Dictionary<string, string?> Settings(TimeSpan? refreshInterval = null) => new()
    {
        ["KeyVault:Uri"] = Address.ToString(),
        ["KeyVault:RefreshInterval"] = (refreshInterval ?? TimeSpan.FromMinutes(5)).ToString("c"),
    };

    /// <summary>Makes the app's SecretClient use this vault's transport and credential (for TestApp's configure callback).</summary>
    public void Use(WebApplicationBuilder builder)
    {
        builder.Services.AddKeyedSingleton<TokenCredential>(SecretsServiceCollectionExtensions.KeyVaultServiceKey, Credential);
        builder.Services.AddKeyedSingleton(SecretsServiceCollectionExtensions.KeyVaultServiceKey, ClientOptions());
    }

    /// <summary>A transport that trusts only this vault's certificate, and quick retries so that failure tests stay fast.</summary>
    public SecretClientOptions ClientOptions()
    {
        var pinned = _certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == pinned;
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(handler),
            // The challenge names https://vault.azure.net, which a loopback address can never match.
            DisableChallengeResourceVerification = true,
        };
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    /// <summary>Adds a new version, as <c>az keyvault secret set</c> does, and returns its version id.</summary>
    public string SetSecret(string name, string value)
    {
        var version = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var list = _secrets.GetOrAdd(name, _ => []);
        lock (list)
        {
            // A minute between versions: created timestamps order them, as in the real vault.
            list.Add(new StoredVersion(version, value, Interlocked.Add(ref _clock, 60)) { Enabled = true });
        }

        return version;
    }

    /// <summary>As <c>az keyvault secret set-attributes --enabled false</c>.</summary>
    public void Disable(string name, string version)
    {
        var list = _secrets[name];
        lock (list)
        {
            list.Single(v => v.Id == version).Enabled = false;
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated requests fail with <paramref name="status"/>.</summary>
    public void FailNext(int status, int count = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>Authenticated reads of the latest version of <paramref name="secret"/>, whatever they were answered.</summary>
    public int Reads(string secret) => Requests.Count(r => r.Authenticated && r.Kind == "latest" && string.Equals(r.Secret, secret, StringComparison.OrdinalIgnoreCase));

    /// <summary>Authenticated requests of any kind about <paramref name="secret"/>.</summary>
    public int Calls(string secret) => Requests.Count(r => r.Authenticated && string.Equals(r.Secret, secret, StringComparison.OrdinalIgnoreCase));

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Address = new Uri(address.TrimEnd('/') + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (Unreachable)
        {
            context.Abort();
            return;
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var request = context.Request;
        var segments = request.Path.Value!.Trim('/').Split('/');
        var secret = segments is ["secrets", var n, ..] ? n : null;
        var kind = segments switch
        {
            ["secrets", _] => "latest",
            ["secrets", _, "versions"] => "versions",
            ["secrets", _, _] => "version",
            _ => "other",
        };
        var authorization = request.Headers.Authorization.ToString();
        var authenticated = authorization == "Bearer " + Token;
        var (status, body) = Answer(context, kind, secret, authenticated, authorization);
        Requests.Enqueue(new VaultRequest(secret, kind, authenticated, status, TimeProvider.System.GetUtcNow()));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private (int Status, JsonNode Body) Answer(HttpContext context, string kind, string? secret, bool authenticated, string authorization)
    {
        var request = context.Request;
        if (!authenticated)
        {
            if (authorization.Length > 0)
            {
                Unexpected.Enqueue("a bearer token the credential never issued");
            }

            // The SDK's first request carries no token; this challenge tells it the tenant and the resource to ask a token for.
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";
            return (401, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
        }

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            Unexpected.Enqueue($"{request.Method} {request.Path} without api-version");
            return (400, Error("BadParameter", "The request URI contains an invalid or missing api-version."));
        }

        if (FailEveryRequestWith is { } always)
        {
            return Fault(context, always, null);
        }

        if (_faults.TryDequeue(out var fault))
        {
            return Fault(context, fault.Status, fault.RetryAfterSeconds);
        }

        if (!HttpMethods.IsGet(request.Method) || secret is null || kind == "other")
        {
            Unexpected.Enqueue($"{request.Method} {request.Path}");
            return (400, Error("BadParameter", "Unsupported request."));
        }

        if (!_secrets.TryGetValue(secret, out var list))
        {
            return NotFound(secret);
        }

        lock (list)
        {
            switch (kind)
            {
                case "latest":
                    var latest = list[^1];
                    return latest.Enabled ? (200, Bundle(secret, latest)) : Disabled();
                case "version":
                    var wanted = list.FirstOrDefault(v => string.Equals(v.Id, context.Request.Path.Value!.Split('/')[^1], StringComparison.OrdinalIgnoreCase));
                    return wanted is null ? NotFound(secret) : wanted.Enabled ? (200, Bundle(secret, wanted)) : Disabled();
                default:
                    return (200, Page(context, secret, list));
            }
        }
    }

    private (int, JsonNode) Fault(HttpContext context, int status, int? retryAfterSeconds)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return status switch
        {
            403 => (403, Error("Forbidden", "Caller is not authorized to perform action on resource. If role assignments were changed recently, please observe propagation time.", "ForbiddenByRbac")),
            404 => (404, Error("SecretNotFound", "A secret with (name/id) was not found in this key vault.")),
            429 => (429, Error("Throttled", "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached")),
            503 => (503, Error("ServiceUnavailable", "The service is temporarily unavailable.")),
            _ => (status, Error("InternalServerError", "An unexpected error occurred.")),
        };
    }

    private static (int, JsonNode) NotFound(string secret) => (404, Error(
        "SecretNotFound",
        $"A secret with (name/id) {secret} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));

    private static (int, JsonNode) Disabled() => (403, Error("Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled"));

    private JsonObject Bundle(string name, StoredVersion version)
    {
        var item = Item(name, version);
        item["value"] = version.Value;
        return item;
    }

    private JsonObject Item(string name, StoredVersion version) => new()
    {
        ["id"] = $"{Address}secrets/{name}/{version.Id}",
        ["attributes"] = new JsonObject
        {
            ["enabled"] = version.Enabled,
            ["created"] = version.Created,
            ["updated"] = version.Created,
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = 90,
        },
        ["tags"] = new JsonObject(),
    };

    private JsonObject Page(HttpContext context, string name, List<StoredVersion> list)
    {
        var size = int.TryParse(context.Request.Query["maxresults"], out var max) ? Math.Clamp(max, 1, 25) : PageSize;
        var skip = context.Request.Query["$skiptoken"].ToString() is { Length: > 0 } token
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var page = new JsonArray([.. list.Skip(skip).Take(size).Select(v => (JsonNode)Item(name, v))]);
        var next = skip + size < list.Count
            ? $"{Address}secrets/{name}/versions?api-version={context.Request.Query["api-version"]}&$skiptoken={Convert.ToBase64String(Encoding.UTF8.GetBytes((skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture)))}&maxresults={size}"
            : null;
        return new JsonObject { ["value"] = page, ["nextLink"] = next };
    }

    private static JsonObject Error(string code, string message, string? inner = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (inner is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = inner };
        }

        return new JsonObject { ["error"] = error };
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Round-trip through PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private sealed class StoredVersion(string id, string value, long created)
    {
        public string Id { get; } = id;

        public string Value { get; } = value;

        public long Created { get; } = created;

        public bool Enabled { get; set; }
    }
}

/// <summary>A credential that hands out the stand-in vault's token and records what it was asked for.</summary>
public sealed class StandInCredential(string token) : TokenCredential
{
    public ConcurrentQueue<TokenRequestContext> Requests { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests.Enqueue(requestContext);
        return new AccessToken(token, TimeProvider.System.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>Collects log lines of the app under test, so a test can assert that a warning was written.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
    }
}
