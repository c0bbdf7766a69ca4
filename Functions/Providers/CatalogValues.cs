namespace AuthFunctions.Providers;

/// <summary>Protocol names used in the catalog.</summary>
public static class Protocols
{
    public const string Oidc = "oidc";
    public const string OAuth2 = "oauth2";
    public const string Dev = "dev";
}

/// <summary>The catalog's <c>pkce</c> values.</summary>
public static class PkceModes
{
    public const string None = "none";
    public const string Optional = "optional";
    public const string Required = "required";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { None, Optional, Required };
}

/// <summary>The catalog's <c>tokenEndpointAuthMethod</c> values.</summary>
public static class ClientAuthMethods
{
    public const string Post = "client_secret_post";
    public const string Basic = "client_secret_basic";
    public const string None = "none";

    /// <summary>Apple: the client secret is an ES256 JWT minted from the app's private key.</summary>
    public const string Es256ClientSecret = "es256_client_secret";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Post, Basic, None, Es256ClientSecret };
}

/// <summary>The catalog's <c>token.transport</c> values.</summary>
public static class TokenTransports
{
    public const string Form = "form";
    public const string Json = "json";
    public const string Query = "query";
    public const string PostQuery = "post_query";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Form, Json, Query, PostQuery };
}

/// <summary>How a provider's answer body is encoded.</summary>
public static class ResponseFormats
{
    public const string Json = "json";
    public const string Form = "form";
    public const string Jsonp = "jsonp";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Json, Form, Jsonp };
}

/// <summary>The profile's <c>emailTrust</c> values.</summary>
public static class EmailTrusts
{
    public const string Claim = "claim";
    public const string Verified = "verified";
    public const string Unverified = "unverified";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Claim, Verified, Unverified };
}

/// <summary>The <c>authorize.responseMode</c> values (absent: the default, query).</summary>
public static class ResponseModes
{
    /// <summary>The answer is a form POST to the callback: https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html</summary>
    public const string FormPost = "form_post";
}
