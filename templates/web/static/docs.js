// Swagger UI for /docs, served from this service (no CDN): the bundle comes from the fastapi-swagger package (Swagger UI 5, which reads OpenAPI 3.1)
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
