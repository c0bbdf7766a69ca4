namespace AuthFunctions.SignIn;

/// <summary>Login answered: redirect the browser to the provider and set the binding cookie.</summary>
public sealed record LoginRedirect(string AuthorizationUrl, string BindingValue);
