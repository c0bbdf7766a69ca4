namespace AuthFunctions.SignIn;

/// <summary>Registers the sign-in flows: login, callback, RP-initiated logout, and the return-URL allow-list.</summary>
public static class SignInServiceCollectionExtensions
{
    public static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddSingleton<ReturnUrlPolicy>();
        services.AddSingleton<LoginFlow>();
        services.AddSingleton<CallbackFlow>();
        services.AddSingleton<LogoutFlow>();
        return services;
    }
}
