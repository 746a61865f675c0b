// The API reference page: Swagger UI over this instance's own OpenAPI document.
// Kept out of the HTML so the page needs no inline script (Content-Security-Policy: 'self').
"use strict";
(function () {
  const url = document.body.dataset.openapiUrl;
  window.ui = SwaggerUIBundle({
    url: url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // the public validator is another site: nothing leaves this instance
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
})();
