using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>Start-up validation of <c>OAuth__*</c>: every failure names the setting to fix.</summary>
internal sealed class OAuthOptionsValidator(ProviderResolution providers, IHostEnvironment environment, IOptions<KeyVaultOptions> keyVault) : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        var errors = new List<string>();
        if (options.PublicBaseUrl is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) || b.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(b.Query) || !string.IsNullOrEmpty(b.Fragment) || !string.IsNullOrEmpty(b.UserInfo)))
        {
            errors.Add("OAuth__PublicBaseUrl: must be an absolute http(s) URL without query or fragment");
        }

        else if (string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !environment.IsDevelopment())
        {
            // Forwarded headers are not trusted for callback URLs or the JWT issuer (DESIGN.md, security rules).
            errors.Add("OAuth__PublicBaseUrl: required outside Development: the app's external https URL, e.g. https://<app>.azurewebsites.net");
        }

        for (var i = 0; i < options.AllowedReturnUrls.Count; i++)
        {
            var url = options.AllowedReturnUrls[i];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(u.UserInfo) || !string.IsNullOrEmpty(u.Fragment) || !string.IsNullOrEmpty(u.Query)
                || url.Any(c => c is <= ' ' or >= '\u007f'))
            {
                errors.Add($"OAuth__AllowedReturnUrls__{i}: must be an absolute http(s) URL (ASCII, no user info, query or fragment)");
            }
        }

        CheckLifetime(options.StateLifetime, "StateLifetime", TimeSpan.FromHours(1), errors);
        CheckLifetime(options.HandoffLifetime, "HandoffLifetime", TimeSpan.FromMinutes(10), errors);
        CheckLifetime(options.AccessTokenLifetime, "AccessTokenLifetime", TimeSpan.FromDays(1), errors);
        CheckLifetime(options.RefreshTokenSlidingLifetime, "RefreshTokenSlidingLifetime", TimeSpan.FromDays(365), errors);
        CheckLifetime(options.RefreshTokenAbsoluteLifetime, "RefreshTokenAbsoluteLifetime", TimeSpan.FromDays(365), errors);
        CheckLifetime(options.RefreshGraceWindow, "RefreshGraceWindow", TimeSpan.FromMinutes(5), errors);
        foreach (var (setting, value) in new[]
        {
            ("LoginPerMinute", options.RateLimits.LoginPerMinute), ("CallbackPerMinute", options.RateLimits.CallbackPerMinute),
            ("SessionPerMinute", options.RateLimits.SessionPerMinute), ("RefreshPerMinute", options.RateLimits.RefreshPerMinute),
            ("ProviderLoginsPerMinute", options.RateLimits.ProviderLoginsPerMinute),
        })
        {
            if (value < 0)
            {
                errors.Add($"OAuth__RateLimits__{setting}: must be 0 (off) or a positive number of requests per minute");
            }
        }

        if (options.RefreshTokenSlidingLifetime > options.RefreshTokenAbsoluteLifetime)
        {
            errors.Add("OAuth__RefreshTokenSlidingLifetime: must not exceed OAuth__RefreshTokenAbsoluteLifetime");
        }

        errors.AddRange(AccessPolicy.Errors(options));
        if (SigningKeys.SourceError(options.SigningKey, keyVault.Value.IsEnabled, environment.IsDevelopment()) is { } keyError)
        {
            errors.Add(keyError);
        }

        var (registry, providerErrors) = providers.Resolve(options);
        errors.AddRange(providerErrors);
        if (!keyVault.Value.IsEnabled)
        {
            // Fail at start-up, not at the first user's login: a confidential client needs its secret from somewhere.
            errors.AddRange(
                from p in registry?.Enabled ?? []
                where p.NeedsClientSecret && string.IsNullOrWhiteSpace(options.Providers.GetValueOrDefault(p.Id)?.ClientSecret)
                select $"OAuth__Providers__{p.Id}__ClientSecret: {p.Id} has a client id but no secret; set this (local development) or KeyVault__Uri (the vault's secret {KeyVaultOptions.ClientSecretName(p.Id)})");

            // A key in the vault is read at the first sign-in; one in settings is checked now, so a mangled paste stops start-up.
            errors.AddRange(
                from p in registry?.Enabled ?? []
                where p.TokenEndpointAuthMethod == ClientAuthMethods.Es256ClientSecret
                      && options.Providers.GetValueOrDefault(p.Id)?.ClientSecret is { Length: > 0 } pem && !Es256ClientSecret.IsP256PrivateKey(pem)
                select $"OAuth__Providers__{p.Id}__ClientSecret: must be the private key (.p8 file contents, -----BEGIN PRIVATE KEY-----…) that signs {p.Id}'s client secret, a P-256 key in PEM form");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckLifetime(TimeSpan value, string setting, TimeSpan max, List<string> errors)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            errors.Add($"OAuth__{setting}: must be a positive TimeSpan of at most {max}");
        }
    }
}
