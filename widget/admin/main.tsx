/** The settings page: sign in, then connect, test, choose what agents see, and operate. */
import { render } from 'preact';
import { App } from './App';
import './admin.css';

render(<App />, document.getElementById('app')!);
