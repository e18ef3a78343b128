"""`handouts serve`: the local web app for the front desk and the template author.

- app.py: the Starlette application, its lifespan (render pool, project watcher) and routes;
- library.py, patient.py, day.py, preview.py: one module per page;
- security.py: access token, CSRF, response headers, upload limit, access log, error pages;
- pool.py and worker.py: the warm render processes (WeasyPrint runs only there);
- watch.py: the project as last loaded, reloaded on every save, and server-sent events;
- pages.py with templates/ and static/: the HTML pages, CSS and JavaScript the package serves.
"""
