using System.Text.Json.Serialization;

namespace AuthFunctions.SignIn;

/// <summary>Source-generated JSON for the rows the sign-in flows store.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(LoginState))]
[JsonSerializable(typeof(LogoutState))]
internal sealed partial class SignInJsonContext : JsonSerializerContext;
