import { x } from "@pfw/demo"; console.log("ok", x);
