// The roles and policies (Safeguard.App.Access) name what every page and endpoint serves.
global using Safeguard.App.Access;
