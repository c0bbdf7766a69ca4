using Microsoft.Extensions.Options;

namespace AuthFunctions.Http.Protection;

/// <summary>Where app JWTs come from, for a Function App that protects its functions with them (<c>ApiAuth__*</c>).</summary>
public sealed class ApiAuthOptions
{
    public const string Section = "ApiAuth";

    /// <summary>The sign-in app's <c>OAuth__PublicBaseUrl</c>: tokens must carry it as <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>: the sign-in app's <c>OAuth__Audience</c>; default the issuer.</summary>
    public string? Audience { get; set; }

    /// <summary>Default <c>{Issuer}/api/auth/jwks</c>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>How long fetched keys are trusted before they are fetched again (an unknown key id refetches sooner).</summary>
    public TimeSpan KeyCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    internal Uri JwksUri => new(JwksUrl ?? Issuer!.TrimEnd('/') + "/api/auth/jwks");
}

/// <summary>One line per bad <c>ApiAuth__</c> setting, naming it.</summary>
internal sealed class ApiAuthOptionsValidator(bool issuerRequired) : IValidateOptions<ApiAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAuthOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            if (issuerRequired)
            {
                errors.Add("ApiAuth__Issuer: required: the sign-in app's public URL (its OAuth__PublicBaseUrl)");
            }
        }
        else if (!IsHttpUrl(options.Issuer))
        {
            errors.Add("ApiAuth__Issuer: must be an absolute http(s) URL");
        }

        if (options.JwksUrl is { Length: > 0 } jwks && !IsHttpUrl(jwks))
        {
            errors.Add("ApiAuth__JwksUrl: must be an absolute http(s) URL");
        }

        if (options.KeyCacheLifetime <= TimeSpan.Zero || options.KeyCacheLifetime > TimeSpan.FromDays(1))
        {
            errors.Add("ApiAuth__KeyCacheLifetime: must be a positive TimeSpan of at most 1.00:00:00");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}
