using AuthFunctions.Hosting;

if (Doctor.IsInvoked(args))
{
    return Doctor.Run(args);
}

return StartupErrors.Run(() => WorkerHost.IsLaunchedByFunctionsHost(args) ? WorkerHost.Create(args) : LocalHost.Create(args));
