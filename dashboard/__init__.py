"""Russia–Panama relations dashboard: curated, passage-grounded events and the app over them."""
