import './styles.css';
import { bootWidget } from './boot';

const root = document.getElementById('app');
if (root) bootWidget(root);
